namespace Memcached.Connections;

internal sealed partial class MemcachedNode
{
    private int _consecutiveFailures;
    private int _down;
    private long _connectionEpoch;

    /// <inheritdoc />
    public bool IsAvailable => Volatile.Read(ref _down) == 0;

    /// <inheritdoc />
    public long ConnectionEpoch => Interlocked.Read(ref _connectionEpoch);

    /// <summary>Called by a connection as it closes, before it stops accepting requests.</summary>
    public void OnConnectionLosing() => Interlocked.Increment(ref _connectionEpoch);

    /// <summary>Raised when the node is marked down or back up.</summary>
    public event Action<MemcachedNode, bool>? AvailabilityChanged;

    /// <summary>A reply arrived: the node works.</summary>
    public void RecordSuccess()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
        }
    }

    /// <summary>Counts a failure; at <see cref="MemcachedClientOptions.FailureThreshold"/> in a row the node is marked down and probed.</summary>
    public void RecordFailure(string reason)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        var failures = Interlocked.Increment(ref _consecutiveFailures);
        if (failures < Options.FailureThreshold || Interlocked.CompareExchange(ref _down, 1, 0) != 0)
        {
            return;
        }

        Log.NodeDown(Name, failures, reason);
        Metrics.NodeDown(Name);
        AvailabilityChanged?.Invoke(this, false);
        _ = Task.Run(ProbeUntilUpAsync);
    }

    /// <summary>Called by a connection that has closed.</summary>
    public void OnConnectionClosed(MemcachedConnection connection, MemcachedConnection.Fault fault)
    {
        if (fault.CountsAgainstNode)
        {
            Log.ConnectionClosed(Name, fault.Kind, fault.Message);
            RecordFailure(fault.Message);
        }

        for (var i = 0; i < _connections.Length; i++)
        {
            Interlocked.CompareExchange(ref _connections[i], null, connection);
        }
    }

    /// <summary>Probes the node (connect + <c>mn</c>) with exponential back-off until it answers, then marks it up.</summary>
    private async Task ProbeUntilUpAsync()
    {
        var delay = Options.ProbeInterval;
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, Context.Time, _disposed.Token).ConfigureAwait(false);
                var connection = await ConnectAsync().ConfigureAwait(false);
                if (await AnswersAsync(connection).ConfigureAwait(false))
                {
                    Interlocked.Exchange(ref _connections[0], connection)?.Close(MemcachedConnection.Fault.Replaced);
                    if (_disposed.IsCancellationRequested)
                    {
                        connection.Close(MemcachedConnection.Fault.Disposed); // DisposeAsync may have swept the slots already
                        return;
                    }

                    Volatile.Write(ref _consecutiveFailures, 0);
                    Volatile.Write(ref _down, 0);
                    Log.NodeUp(Name);
                    Metrics.NodeUp(Name);
                    AvailabilityChanged?.Invoke(this, true);
                    return;
                }
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return;
            }
            catch (MemcachedException ex)
            {
                Log.ProbeFailed(Name, ex.Message);
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxProbeInterval.Ticks));
        }
    }

    /// <summary>Whether a fresh connection answers <c>mn</c> in time; closes it when it does not.</summary>
    private async Task<bool> AnswersAsync(MemcachedConnection connection)
    {
        var probe = new NoOpOperation { Deadline = Context.Time.GetTimestamp() + Context.OperationTimeoutTicks };
        try
        {
            return connection.TryEnqueue(probe, wait: true) == MemcachedConnection.EnqueueOutcome.Enqueued
                && await probe.Task.AsTask().WaitAsync(Options.OperationTimeout, Context.Time, _disposed.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            connection.Close(new MemcachedConnection.Fault(MemcachedErrorKind.Timeout, "the health probe got no reply", null, CountsAgainstNode: false));
            return false;
        }
        catch
        {
            // An error reply, or the client disposed while waiting: the probe connection is nobody else's to close.
            connection.Close(new MemcachedConnection.Fault(MemcachedErrorKind.ConnectionFailed, "the health probe failed", null, CountsAgainstNode: false));
            throw;
        }
    }
}
