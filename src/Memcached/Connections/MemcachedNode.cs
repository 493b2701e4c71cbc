using System.Runtime.CompilerServices;
using Memcached.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Memcached.Connections;

/// <summary>
/// One memcached server: a few pipelined connections, an in-flight limit for back-pressure, and
/// its health (marked down after consecutive failures, probed in the background until it answers).
/// </summary>
internal sealed partial class MemcachedNode : IMemcachedNode
{
    private readonly MemcachedConnection?[] _connections;
    private readonly Task<MemcachedConnection>?[] _opening;
    private readonly Lock _openLock = new();
    private readonly InFlightLimit _inFlight;
    private readonly CancellationTokenSource _disposed = new();

    public MemcachedNode(ServerAddress address, ClientContext context)
    {
        Address = address;
        Name = address.ToString();
        Context = context;
        _connections = new MemcachedConnection?[context.Options.ConnectionsPerNode];
        _opening = new Task<MemcachedConnection>?[context.Options.ConnectionsPerNode];
        _inFlight = new InFlightLimit(context.Options.MaxInFlightPerNode);
    }

    public string Name { get; }

    public ServerAddress Address { get; }

    public ClientContext Context { get; }

    public MemcachedClientOptions Options => Context.Options;

    public MemcachedMetrics Metrics => Context.Metrics;

    public ClientLog Log => Context.Log;

    /// <summary>Sends <paramref name="operation"/> on one of the node's connections and awaits its result.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<T> ExecuteAsync<T>(Operation<T> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_disposed.IsCancellationRequested)
        {
            throw new MemcachedException(MemcachedErrorKind.Disposed, Name, "the client was disposed");
        }

        var time = Context.Time;
        var started = time.GetTimestamp();
        operation.Deadline = started + Context.OperationTimeoutTicks;
        try
        {
            if (!IsAvailable)
            {
                throw new MemcachedException(MemcachedErrorKind.NodeDown, Name, "the node is marked down");
            }

            await SendAsync(operation, cancellationToken).ConfigureAwait(false);
            var result = await operation.Task.ConfigureAwait(false);
            Metrics.Completed(operation.Name, Name, time.GetElapsedTime(started));
            return result;
        }
        catch (MemcachedException ex)
        {
            Metrics.Failed(operation.Name, Name, ex.Kind);
            throw;
        }
    }

    private async ValueTask SendAsync<T>(Operation<T> operation, CancellationToken cancellationToken)
    {
        if (!_inFlight.TryTake())
        {
            var waited = await _inFlight.TakeAsync(RemainingTime(operation), cancellationToken).ConfigureAwait(false);
            if (!waited)
            {
                throw new MemcachedException(MemcachedErrorKind.Timeout, Name,
                    $"{Options.MaxInFlightPerNode} requests already in flight; no slot within {Options.OperationTimeout.TotalMilliseconds:0} ms");
            }
        }

        operation.Slot = _inFlight;
        operation.Backlog = Context.Completions;
        try
        {
            operation.RegisterCancellation(cancellationToken);
            for (var attempt = 0; ; attempt++)
            {
                var connection = NextConnection(out var slot) ?? await OpenAsync(slot, operation, cancellationToken).ConfigureAwait(false);
                if (Enqueue(connection, operation) == MemcachedConnection.EnqueueOutcome.Enqueued)
                {
                    return;
                }

                if (attempt > 0)
                {
                    throw new MemcachedException(MemcachedErrorKind.ConnectionFailed, Name, "the connection closed before the request was sent");
                }
            }
        }
        catch
        {
            operation.Abandon();
            operation.Slot = null;
            _inFlight.Return();
            throw;
        }
    }

    /// <summary>
    /// Writes the request on <paramref name="connection"/>, or on another open connection when a caller is writing on
    /// it and not on that one: under many concurrent callers, waiting for one connection's write lock while another's
    /// is free only burns CPU spinning.
    /// </summary>
    private MemcachedConnection.EnqueueOutcome Enqueue(MemcachedConnection connection, Operation operation)
    {
        var outcome = connection.TryEnqueue(operation, wait: false);
        if (outcome != MemcachedConnection.EnqueueOutcome.Busy)
        {
            return outcome;
        }

        foreach (var other in _connections)
        {
            if (other is { IsHealthy: true } && !ReferenceEquals(other, connection)
                && other.TryEnqueue(operation, wait: false) == MemcachedConnection.EnqueueOutcome.Enqueued)
            {
                return MemcachedConnection.EnqueueOutcome.Enqueued;
            }
        }

        return connection.TryEnqueue(operation, wait: true);
    }

    private const int SpillThreshold = 16;

    /// <summary>
    /// The first open connection with fewer than <see cref="SpillThreshold"/> requests pending, else
    /// the least busy one: light load stays on one warm connection (fewer thread hops), heavy load
    /// spreads. When every open connection is past the threshold and a slot has none yet, that slot
    /// is returned (null) to be opened.
    /// </summary>
    private MemcachedConnection? NextConnection(out int slot)
    {
        MemcachedConnection? best = null;
        var bestPending = int.MaxValue;
        var empty = -1;
        slot = 0;
        for (var i = 0; i < _connections.Length; i++)
        {
            var connection = Volatile.Read(ref _connections[i]);
            if (connection is not { IsHealthy: true })
            {
                empty = empty < 0 ? i : empty;
                continue;
            }

            var pending = connection.PendingCount;
            if (pending < SpillThreshold)
            {
                slot = i;
                return connection;
            }

            if (pending < bestPending)
            {
                (best, bestPending, slot) = (connection, pending, i);
            }
        }

        if (best is null || empty >= 0)
        {
            slot = empty;
            return null;
        }

        return best;
    }

    private TimeSpan RemainingTime(Operation operation)
    {
        var remaining = Context.Time.GetElapsedTime(Context.Time.GetTimestamp(), operation.Deadline);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>Closes connections whose oldest request is past its deadline.</summary>
    public void CheckTimeouts(long now)
    {
        foreach (var connection in _connections)
        {
            connection?.CheckTimeout(now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        foreach (var connection in _connections)
        {
            connection?.Close(MemcachedConnection.Fault.Disposed);
        }

        // _disposed is not disposed: connects and probes still in flight read its token, and it holds no timer.
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
