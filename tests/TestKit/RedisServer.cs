using System.Globalization;

namespace TestKit;

/// <summary>A real redis-server process on a free 127.0.0.1 port, without persistence (no RDB snapshots, no AOF).</summary>
public sealed class RedisServer : ServerProcess
{
    private RedisServer()
        : base("redis-server", "redis-server", TimeSpan.FromSeconds(10))
    {
    }

    /// <summary>Starts redis-server and returns once it answers PING.</summary>
    /// <exception cref="FileNotFoundException">redis-server is not installed; the message says how to install it.</exception>
    /// <exception cref="ServerStartException">It exited or did not serve in time; the message holds its command line and output.</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        RedisServer server = new();
        try
        {
            await server.StartOnFreePortAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private protected override IReadOnlyList<string> BuildArguments(int port)
    {
        return
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", Host,
            "--save", string.Empty,
            "--appendonly", "no",
            "--daemonize", "no",
            "--dir", WorkingDirectory,
        ];
    }

    private protected override async Task<bool> IsReadyAsync(int port, int pid, CancellationToken cancellationToken)
    {
        await using RawTextConnection connection = await OpenConnectionAsync(port, cancellationToken);
        if (await connection.QueryAsync("PING\r\n", cancellationToken) != "+PONG")
        {
            return false;
        }

        // The server that answers must be this process, not another that took the port meanwhile.
        await connection.SendAsync("INFO server\r\n", cancellationToken);
        return await ReportsPidAsync(connection, "process_id:", string.Empty, pid, cancellationToken);
    }
}
