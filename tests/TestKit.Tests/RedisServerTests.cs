using System.Net.Sockets;

using TestKit;

namespace TestKit.Tests;

public sealed class RedisServerTests
{
    [Fact]
    public async Task Redis_answers_ping_and_restarts_empty_on_the_same_port()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        int port = server.Port;
        int pid = Assert.NotNull(server.ProcessId);
        Assert.Equal("redis-server", ProcFs.ReadProgramName(pid));
        Assert.Contains("--save \"\"", server.CommandLine);

        await using (RawTextConnection connection = await server.ConnectRawAsync())
        {
            Assert.Equal("+PONG", await connection.QueryAsync("PING\r\n"));
            Assert.Equal("+OK", await connection.QueryAsync("SET k v\r\n"));
        }

        await server.RestartAsync();

        Assert.Equal(port, server.Port);
        await using RawTextConnection after = await server.ConnectRawAsync();
        Assert.Equal("$-1", await after.QueryAsync("GET k\r\n"));
    }

    [Fact]
    public async Task Redis_kill_refuses_connections_and_stop_exits_cleanly()
    {
        await using RedisServer killed = await RedisServer.StartAsync();
        await using RedisServer stopped = await RedisServer.StartAsync();
        Assert.NotEqual(killed.Port, stopped.Port);

        await killed.KillAsync();
        await stopped.StopAsync();

        Assert.False(killed.IsRunning);
        Assert.False(stopped.IsRunning);
        Assert.Equal(0, stopped.LastExitCode);
        SocketException refused = await Assert.ThrowsAsync<SocketException>(() => killed.ConnectRawAsync());
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Redis_pause_leaves_ping_unanswered_until_resume()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        await using RawTextConnection connection = await server.ConnectRawAsync();

        server.Pause();
        await connection.SendAsync("PING\r\n");
        using (CancellationTokenSource shortWait = new(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ReadLineAsync(shortWait.Token));
        }

        server.Resume();

        await using RawTextConnection fresh = await server.ConnectRawAsync();
        Assert.Equal("+PONG", await fresh.QueryAsync("PING\r\n"));
    }
}
