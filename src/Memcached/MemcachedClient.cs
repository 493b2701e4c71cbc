using System.Buffers;
using System.Diagnostics.Metrics;
using Memcached.Connections;
using Memcached.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Memcached;

/// <summary>
/// A memcached client on the meta text protocol: a few long-lived pipelined connections per node,
/// ketama consistent hashing, node health and failover, timeouts, TLS and ASCII authentication.
/// Thread-safe: hold one per process and reuse it.
/// </summary>
public sealed partial class MemcachedClient : IMemcachedClient
{
    /// <summary>The name of the client's meter, to enable in OpenTelemetry: <c>AddMeter(MemcachedClient.MeterName)</c>.</summary>
    public const string MeterName = "Memcached.Client";

    private readonly ClientEngine _engine;
    private readonly MemcachedNode? _pinned;

    /// <summary>Creates a client. Connections open lazily, on first use of each node.</summary>
    /// <param name="options">The client options.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="timeProvider">Clock for timeouts and probes; the system clock when null.</param>
    /// <param name="meterFactory">Where the client's meter is created; a standalone meter when null.</param>
    public MemcachedClient(MemcachedClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = MemcachedClientOptionsValidator.Check(options, MemcachedClientOptions.SectionName);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MemcachedClientOptions), errors);
        }

        var log = new ClientLog((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MemcachedClient>());
        _engine = new ClientEngine(new ClientContext(options, timeProvider ?? TimeProvider.System, new MemcachedMetrics(meterFactory), log));
        foreach (var node in _engine.Nodes)
        {
            node.AvailabilityChanged += (n, up) => NodeAvailabilityChanged?.Invoke(this, new NodeAvailabilityChangedEventArgs(n, up));
        }
    }

    /// <summary>Creates a client from DI options.</summary>
    public MemcachedClient(IOptions<MemcachedClientOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, loggerFactory, timeProvider, meterFactory)
    {
    }

    private MemcachedClient(ClientEngine engine, MemcachedNode pinned)
    {
        _engine = engine;
        _pinned = pinned;
    }

    /// <inheritdoc />
    public event EventHandler<NodeAvailabilityChangedEventArgs>? NodeAvailabilityChanged;

    /// <inheritdoc />
    public IReadOnlyList<IMemcachedNode> Nodes => _engine.Nodes;

    private bool AllowBase64 => _engine.Context.Options.KeyEncoding == KeyEncoding.Base64WhenNeeded;

    private TimeProvider Time => _engine.Context.Time;

    /// <inheritdoc />
    public ValueTask<GetResult> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Execute(key, new GetOperation(key, KeyEncoder(key), touchTtl: -1), cancellationToken);

    /// <inheritdoc />
    public ValueTask<GetResult> GetAndTouchAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Execute(key, new GetOperation(key, KeyEncoder(key), Ttl.ToToken(ttl, Time)), cancellationToken);

    /// <inheritdoc />
    public ValueTask<GetResult> GetMetadataAsync(string key, TimeSpan? touchTtl = null, CancellationToken cancellationToken = default) =>
        Execute(key, new GetOperation(key, KeyEncoder(key), touchTtl is { } ttl ? Ttl.ToToken(ttl, Time) : -1, withValue: false), cancellationToken);

    /// <inheritdoc />
    public ValueTask<MemcachedResult> StoreAsync(string key, ReadOnlyMemory<byte> value, StoreOptions options = default, CancellationToken cancellationToken = default) =>
        StoreAsync(key, new ReadOnlySequence<byte>(value), options, cancellationToken);

    /// <inheritdoc />
    public ValueTask<MemcachedResult> StoreAsync(string key, ReadOnlySequence<byte> value, StoreOptions options = default, CancellationToken cancellationToken = default)
    {
        if (value.Length > Protocol.ReplyParser.MaxValueLength)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, "A memcached value cannot exceed 1 GiB.");
        }

        var operation = new StoreOperation(key, KeyEncoder(key), value, options.Mode, Ttl.ToToken(options.Ttl, Time), options.Flags, options.Cas);
        return Execute(key, operation, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<MemcachedResult> DeleteAsync(string key, ulong cas = 0, CancellationToken cancellationToken = default) =>
        Execute(key, new DeleteOperation(key, KeyEncoder(key), cas), cancellationToken);

    /// <inheritdoc />
    public ValueTask<MemcachedResult> TouchAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Execute(key, new TouchOperation(key, KeyEncoder(key), Ttl.ToToken(ttl, Time)), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CounterResult> IncrementAsync(string key, ulong delta = 1, ulong? initial = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        Execute(key, new ArithmeticOperation(key, KeyEncoder(key), increment: true, delta, initial, Ttl.ToToken(ttl, Time)), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CounterResult> DecrementAsync(string key, ulong delta = 1, ulong? initial = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        Execute(key, new ArithmeticOperation(key, KeyEncoder(key), increment: false, delta, initial, Ttl.ToToken(ttl, Time)), cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<IMemcachedNode> GetNodesForKey(string key, int count)
    {
        KeyEncoder(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return _engine.Walk(key, count);
    }

    /// <inheritdoc />
    public IMemcachedClient ForNode(IMemcachedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var owned = _engine.Nodes.FirstOrDefault(n => ReferenceEquals(n, node))
            ?? throw new ArgumentException($"Node {node.Name} does not belong to this client.", nameof(node));
        return new MemcachedClient(_engine, owned);
    }

    /// <summary>Disposes the client: closes every connection; pending operations fail. A <see cref="ForNode"/> view does nothing.</summary>
    public ValueTask DisposeAsync() => _pinned is null ? _engine.DisposeAsync() : ValueTask.CompletedTask;

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private bool KeyEncoder(string key) => Protocol.KeyEncoder.RequiresBase64(key, AllowBase64);

    private ValueTask<T> Execute<T>(string key, Operation<T> operation, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var node = _pinned ?? _engine.Locate(key);
        return node.ExecuteAsync(operation, cancellationToken);
    }

    private void ThrowIfDisposed()
    {
        if (_engine.IsDisposed)
        {
            throw new MemcachedException(MemcachedErrorKind.Disposed, null, "the client was disposed");
        }
    }
}
