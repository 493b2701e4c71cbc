using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TestKit;

/// <summary>
/// A real server process (memcached, redis-server) that the kit started on a free 127.0.0.1 port, and that a test can
/// kill, pause, restart on the same port, or stop. Disposing kills it and deletes its temp directory.
/// </summary>
/// <remarks>Lifecycle calls on one server are serialized; the server is not meant to be shared by concurrent tests that change its state.</remarks>
public abstract partial class ServerProcess : IAsyncDisposable
{
    private readonly string _executablePath;
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Process? _process;
    private bool _paused;
    private int _disposed;

    private protected ServerProcess(string program, string debianPackage, TimeSpan startTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(startTimeout, TimeSpan.Zero);
        _executablePath = ExecutableLocator.Find(program, debianPackage);
        Program = program;
        StartTimeout = startTimeout;
        WorkingDirectory = Directory.CreateTempSubdirectory($"testkit-{program}-").FullName;
    }

    /// <summary>The address the server listens on: always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port; it stays the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>"127.0.0.1:port".</summary>
    public string EndPoint => $"{Host}:{Port}";

    /// <summary>The process id while the server runs (also while paused), otherwise null.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Whether the process is alive (a paused process is alive).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Whether the process is stopped by <see cref="Pause"/>.</summary>
    public bool IsPaused => _paused && IsRunning;

    /// <summary>The command line of the latest start, for diagnostics.</summary>
    public string CommandLine { get; private set; } = string.Empty;

    /// <summary>The server's own temp directory (certificates, auth file, data); deleted on dispose.</summary>
    public string WorkingDirectory { get; }

    /// <summary>How long a start or restart may take before it fails.</summary>
    public TimeSpan StartTimeout { get; }

    /// <summary>The program name, e.g. "memcached".</summary>
    public string Program { get; }

    /// <summary>Everything the server wrote to stdout and stderr so far, across restarts, with "[testkit]" lines marking each start.</summary>
    public string ReadLog()
    {
        lock (_logLock)
        {
            return _log.ToString();
        }
    }

    /// <summary>Opens a raw text-protocol connection to the server (over TLS when the server uses it).</summary>
    public Task<RawTextConnection> ConnectRawAsync(CancellationToken cancellationToken = default)
    {
        return OpenConnectionAsync(Port, cancellationToken);
    }

    public override string ToString()
    {
        return $"{Program} {EndPoint} ({(IsPaused ? "paused" : IsRunning ? $"pid {ProcessId}" : "not running")})";
    }

    /// <summary>The server's arguments for listening on 127.0.0.1:<paramref name="port"/>.</summary>
    private protected abstract IReadOnlyList<string> BuildArguments(int port);

    /// <summary>
    /// One readiness probe: true when the server on <paramref name="port"/> serves requests and is process
    /// <paramref name="pid"/>, not another server that took the port meanwhile.
    /// </summary>
    private protected abstract Task<bool> IsReadyAsync(int port, int pid, CancellationToken cancellationToken);

    /// <summary>Reads reply lines until one starts with <paramref name="prefix"/> and tells whether the number after it is <paramref name="pid"/>.</summary>
    private protected static async Task<bool> ReportsPidAsync(RawTextConnection connection, string prefix, string terminator, int pid, CancellationToken cancellationToken)
    {
        for (string line = await connection.ReadLineAsync(cancellationToken); line != terminator; line = await connection.ReadLineAsync(cancellationToken))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return int.TryParse(line.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int reported) && reported == pid;
            }
        }

        return false;
    }

    private protected virtual Task<RawTextConnection> OpenConnectionAsync(int port, CancellationToken cancellationToken)
    {
        return RawTextConnection.ConnectAsync(Host, port, cancellationToken);
    }

    private int MarkLog()
    {
        lock (_logLock)
        {
            return _log.Length;
        }
    }

    private string ReadLogSince(int mark)
    {
        lock (_logLock)
        {
            return _log.ToString(mark, _log.Length - mark);
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return; // end of stream
        }

        lock (_logLock)
        {
            _log.Append(line).Append('\n');
        }
    }
}
