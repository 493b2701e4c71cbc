using System.Net.Security;

namespace Memcached;

/// <summary>What the client does with a key whose node is marked down.</summary>
public enum NodeFailurePolicy
{
    /// <summary>Route the key to the next live node on the ring (libmemcached's auto-eject). Reads of that key miss until the node returns.</summary>
    Redistribute,

    /// <summary>Fail the operation at once with <see cref="MemcachedErrorKind.NodeDown"/>.</summary>
    FailFast,
}

/// <summary>How keys that are not plain printable ASCII are sent.</summary>
public enum KeyEncoding
{
    /// <summary>Send any key that is not 1-250 printable ASCII characters base64-encoded (meta <c>b</c> flag).</summary>
    Base64WhenNeeded,

    /// <summary>Reject such keys with an <see cref="ArgumentException"/>.</summary>
    Strict,
}

/// <summary>Options of <see cref="MemcachedClient"/>. Bound from the <c>Memcached</c> configuration section.</summary>
public sealed class MemcachedClientOptions
{
    /// <summary>The configuration section these options bind from by default.</summary>
    public const string SectionName = "Memcached";

    /// <summary>The servers, as <c>host:port</c> (<c>[v6address]:port</c> for IPv6). Host names are re-resolved on every reconnect.</summary>
    public IList<string> Servers { get; } = [];

    /// <summary>Long-lived pipelined connections per node. Default 2.</summary>
    public int ConnectionsPerNode { get; set; } = 2;

    /// <summary>Requests in flight per node before callers wait (back-pressure). Default 4096.</summary>
    public int MaxInFlightPerNode { get; set; } = 4096;

    /// <summary>How long an operation may take, queueing and connecting included. Default 1 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long opening a connection (TCP, TLS and authentication) may take. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive failures (connect errors, broken connections, timeouts) after which a node is marked down. Default 3.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>First delay between probes of a node that is down; doubles up to <see cref="MaxProbeInterval"/>. Default 500 ms.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between probes of a node that is down. Default 10 s.</summary>
    public TimeSpan MaxProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What to do with keys whose node is down. Default <see cref="NodeFailurePolicy.Redistribute"/>.</summary>
    public NodeFailurePolicy NodeFailurePolicy { get; set; } = NodeFailurePolicy.Redistribute;

    /// <summary>How keys that are not plain ASCII are sent. Default <see cref="KeyEncoding.Base64WhenNeeded"/>.</summary>
    public KeyEncoding KeyEncoding { get; set; } = KeyEncoding.Base64WhenNeeded;

    /// <summary>Connect with TLS (memcached started with <c>-Z</c>).</summary>
    public bool UseTls { get; set; }

    /// <summary>The name checked against the server certificate; default: the host of each server entry.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Accept any server certificate. For development only: it disables server authentication.</summary>
    public bool TlsAllowUntrustedCertificate { get; set; }

    /// <summary>
    /// Custom server-certificate validation (for example, pinning a private CA). Takes precedence over
    /// <see cref="TlsAllowUntrustedCertificate"/>. Set in code; not bindable from configuration.
    /// </summary>
    public RemoteCertificateValidationCallback? TlsCertificateValidation { get; set; }

    /// <summary>User name for memcached's ASCII authentication (<c>-Y</c>).</summary>
    public string? Username { get; set; }

    /// <summary>Password for memcached's ASCII authentication. Never logged nor shown by <see cref="ToString"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Describes the options without secrets.</summary>
    public override string ToString() =>
        $"Servers=[{string.Join(", ", Servers)}], ConnectionsPerNode={ConnectionsPerNode}, OperationTimeout={OperationTimeout}, " +
        $"UseTls={UseTls}, Username={Username ?? "(none)"}, Password={(Password is null ? "(none)" : "***")}";
}
