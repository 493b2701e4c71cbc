using System.Net.Sockets;

using TestKit;

namespace TestKit.Tests;

public sealed class MemcachedServerTests
{
    [Fact]
    public async Task Start_runs_memcached_on_a_loopback_port_and_stop_ends_it_gracefully()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync();

        Assert.True(server.IsRunning);
        Assert.Equal("127.0.0.1", server.Host);
        Assert.InRange(server.Port, 1, 65535);
        Assert.Equal($"127.0.0.1:{server.Port}", server.EndPoint);
        int pid = Assert.NotNull(server.ProcessId);
        Assert.Equal("memcached", ProcFs.ReadProgramName(pid));
        Assert.True(File.Exists(PidFile.PathFor(ProcessTracker.DefaultDirectory, pid)));
        Assert.StartsWith("VERSION 1.", await QueryAsync(server, "version\r\n"));
        Assert.Contains(server.CommandLine, server.ReadLog());

        await server.StopAsync();

        Assert.False(server.IsRunning);
        Assert.Null(server.ProcessId);
        Assert.Equal(0, server.LastExitCode);
        Assert.Null(ProcFs.ReadStartTime(pid));
        Assert.False(File.Exists(PidFile.PathFor(ProcessTracker.DefaultDirectory, pid)));
    }

    [Fact]
    public async Task Kill_ends_the_process_and_connections_are_refused()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync();
        int pid = Assert.NotNull(server.ProcessId);

        await server.KillAsync();

        Assert.False(server.IsRunning);
        Assert.Null(ProcFs.ReadStartTime(pid));
        Assert.Equal(137, server.LastExitCode);
        SocketException refused = await Assert.ThrowsAsync<SocketException>(() => server.ConnectRawAsync());
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Pause_leaves_a_request_unanswered_until_resume()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync();
        await using RawTextConnection connection = await server.ConnectRawAsync();

        server.Pause();

        Assert.True(server.IsPaused);
        Assert.True(server.IsRunning);
        await connection.SendAsync("version\r\n");
        using (CancellationTokenSource shortWait = new(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ReadLineAsync(shortWait.Token));
        }

        server.Resume();

        Assert.False(server.IsPaused);
        await using RawTextConnection fresh = await server.ConnectRawAsync();
        Assert.StartsWith("VERSION ", await fresh.QueryAsync("version\r\n"));
    }

    [Fact]
    public async Task Restart_gives_an_empty_server_on_the_same_port()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync();
        int port = server.Port;
        int firstPid = Assert.NotNull(server.ProcessId);
        Assert.Equal("STORED", await QueryAsync(server, "set k 0 0 1\r\nx\r\n"));
        Assert.Equal("VALUE k 0 1", await QueryAsync(server, "get k\r\n"));

        await server.RestartAsync();

        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        Assert.NotEqual(firstPid, server.ProcessId);
        Assert.Equal("END", await QueryAsync(server, "get k\r\n"));
    }

    [Fact]
    public async Task Restart_after_kill_serves_again_and_ensure_running_is_a_no_op_then()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync();
        int port = server.Port;
        await server.KillAsync();

        await server.EnsureRunningAsync();

        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        int pid = Assert.NotNull(server.ProcessId);
        await server.EnsureRunningAsync();
        Assert.Equal(pid, server.ProcessId);
        Assert.StartsWith("VERSION ", await QueryAsync(server, "version\r\n"));
    }

    [Fact]
    public async Task Restart_fails_with_the_log_when_another_process_holds_the_port()
    {
        await using MemcachedServer server = await MemcachedServer.StartAsync();
        await server.KillAsync();
        using Socket squatter = new(SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port));
        squatter.Listen();

        ServerStartException error = await Assert.ThrowsAsync<ServerStartException>(() => server.RestartAsync());

        Assert.Contains(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Reason);
        Assert.Contains("Address already in use", error.Output);
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task Options_reach_the_command_line_and_item_size_is_honoured()
    {
        MemcachedServerOptions options = new() { MemoryMegabytes = 16, Threads = 1, MaxItemSize = "2m" };
        options.ExtraArguments.Add("-R");
        options.ExtraArguments.Add("5");
        await using MemcachedServer server = await MemcachedServer.StartAsync(options);

        Assert.Contains("-m 16", server.CommandLine);
        Assert.Contains("-t 1", server.CommandLine);
        Assert.Contains("-I 2m", server.CommandLine);
        Assert.Contains("-U 0", server.CommandLine);
        Assert.EndsWith("-R 5", server.CommandLine);
        Assert.Equal("STAT item_size_max 2097152", await ReadStatAsync(server, "item_size_max"));
    }

    [Fact]
    public async Task A_server_that_exits_at_start_fails_with_its_command_line_and_output()
    {
        MemcachedServerOptions options = new();
        options.ExtraArguments.Add("--no-such-option");

        ServerStartException error = await Assert.ThrowsAsync<ServerStartException>(() => MemcachedServer.StartAsync(options));

        Assert.Contains("exited with code", error.Reason);
        Assert.Contains("--no-such-option", error.CommandLine);
        Assert.Contains("no-such-option", error.Output);
        Assert.Contains(error.CommandLine, error.Message);
    }

    [Fact]
    public async Task A_server_that_never_serves_on_its_port_fails_at_the_deadline_and_is_killed()
    {
        // A later "-p" wins, so memcached listens elsewhere and the kit's port never answers.
        int elsewhere = FreePorts.Reserve();
        MemcachedServerOptions options = new() { StartTimeout = TimeSpan.FromMilliseconds(300) };
        options.ExtraArguments.Add("-p");
        options.ExtraArguments.Add(elsewhere.ToString(System.Globalization.CultureInfo.InvariantCulture));

        ServerStartException error = await Assert.ThrowsAsync<ServerStartException>(() => MemcachedServer.StartAsync(options));

        Assert.Contains("did not serve", error.Reason);
        Assert.IsType<SocketException>(error.InnerException);
        SocketException refused = await Assert.ThrowsAsync<SocketException>(() => RawTextConnection.ConnectAsync("127.0.0.1", elsewhere));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        FreePorts.Release(elsewhere);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_before_anything_starts()
    {
        MemcachedServerOptions options = new() { Threads = 0, AuthUser = "user" };

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => MemcachedServer.StartAsync(options));

        Assert.Contains("Threads", error.Message);
        Assert.Contains("AuthPassword", error.Message);
    }

    [Fact]
    public async Task Dispose_kills_a_paused_server_deletes_its_directory_and_can_run_twice()
    {
        MemcachedServer server = await MemcachedServer.StartAsync();
        int pid = Assert.NotNull(server.ProcessId);
        server.Pause();

        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.Null(ProcFs.ReadStartTime(pid));
        Assert.False(Directory.Exists(server.WorkingDirectory));
        Assert.Throws<ObjectDisposedException>(server.Pause);
    }

    private static async Task<string> QueryAsync(ServerProcess server, string request)
    {
        await using RawTextConnection connection = await server.ConnectRawAsync();
        return await connection.QueryAsync(request);
    }

    private static async Task<string> ReadStatAsync(ServerProcess server, string name)
    {
        await using RawTextConnection connection = await server.ConnectRawAsync();
        await connection.SendAsync("stats settings\r\n");
        for (string line = await connection.ReadLineAsync(); line != "END"; line = await connection.ReadLineAsync())
        {
            if (line.StartsWith($"STAT {name} ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        return $"no {name} in stats settings";
    }
}
