using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TestKit;

/// <summary>A real memcached process on a free 127.0.0.1 port (no UDP), optionally with TLS or ASCII auth.</summary>
public sealed class MemcachedServer : ServerProcess
{
    private readonly MemcachedServerOptions _options;
    private string? _certificateFile;
    private string? _keyFile;
    private string? _authFile;

    private MemcachedServer(MemcachedServerOptions options)
        : base("memcached", "memcached", options.StartTimeout)
    {
        _options = options;
        Certificate = options.Tls ? TestCertificate.Localhost.PublicCertificate : null;
    }

    /// <summary>The certificate the server presents when started with TLS (shared by all TLS servers of this test host), for clients to pin or trust.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The ASCII-auth user, when the server requires auth.</summary>
    public string? AuthUser => _options.AuthUser;

    /// <summary>The ASCII-auth password, when the server requires auth.</summary>
    public string? AuthPassword => _options.AuthPassword;

    /// <summary>Starts memcached and returns once it serves requests.</summary>
    /// <exception cref="FileNotFoundException">memcached is not installed; the message says how to install it.</exception>
    /// <exception cref="ServerStartException">It exited or did not serve in time; the message holds its command line and output.</exception>
    public static async Task<MemcachedServer> StartAsync(MemcachedServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        MemcachedServerOptions snapshot = (options ?? new MemcachedServerOptions()).Clone();
        snapshot.Validate();
        MemcachedServer server = new(snapshot);
        try
        {
            server.WriteConfigurationFiles();
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
        List<string> arguments =
        [
            "-l", Host,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-U", "0",
            "-m", _options.MemoryMegabytes.ToString(CultureInfo.InvariantCulture),
            "-t", _options.Threads.ToString(CultureInfo.InvariantCulture),
        ];
        if (_options.MaxItemSize is { } maxItemSize)
        {
            arguments.AddRange(["-I", maxItemSize]);
        }

        if (_certificateFile is not null && _keyFile is not null)
        {
            arguments.AddRange(["-Z", "-o", $"ssl_chain_cert={_certificateFile},ssl_key={_keyFile}"]);
        }

        if (_authFile is not null)
        {
            arguments.AddRange(["-Y", _authFile]);
        }

        // memcached refuses to run as root unless told which user to run as.
        if (PosixSignals.IsRoot && !_options.ExtraArguments.Contains("-u"))
        {
            arguments.AddRange(["-u", "root"]);
        }

        arguments.AddRange(_options.ExtraArguments);
        return arguments;
    }

    private protected override async Task<bool> IsReadyAsync(int port, int pid, CancellationToken cancellationToken)
    {
        await using RawTextConnection connection = await OpenConnectionAsync(port, cancellationToken);
        if (_options.HasAuth)
        {
            // Before auth every command gets "CLIENT_ERROR unauthenticated"; the probe authenticates like a client.
            string credentials = $"{_options.AuthUser} {_options.AuthPassword}";
            string authReply = await connection.QueryAsync($"set testkit-auth 0 0 {Encoding.UTF8.GetByteCount(credentials)}\r\n{credentials}\r\n", cancellationToken);
            if (authReply != "STORED")
            {
                return false;
            }
        }

        // "stats" proves more than "version": the server that answers is this process ("STAT pid N").
        await connection.SendAsync("stats\r\n", cancellationToken);
        return await ReportsPidAsync(connection, "STAT pid ", "END", pid, cancellationToken);
    }

    private protected override Task<RawTextConnection> OpenConnectionAsync(int port, CancellationToken cancellationToken)
    {
        return Certificate is null
            ? base.OpenConnectionAsync(port, cancellationToken)
            : RawTextConnection.ConnectTlsAsync(Host, port, Certificate, cancellationToken: cancellationToken);
    }

    private void WriteConfigurationFiles()
    {
        if (_options.Tls)
        {
            (_certificateFile, _keyFile) = TestCertificate.Localhost.WritePemFiles(WorkingDirectory);
        }

        if (_options.HasAuth)
        {
            _authFile = Path.Combine(WorkingDirectory, "authfile");
            File.WriteAllText(_authFile, $"{_options.AuthUser}:{_options.AuthPassword}\n");
        }
    }
}
