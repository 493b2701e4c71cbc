namespace Memcached.Connections;

internal sealed partial class MemcachedNode
{
    /// <summary>
    /// The connection for <paramref name="slot"/>, opening it if needed. Concurrent callers share one
    /// attempt; each waits no longer than its own operation's deadline.
    /// </summary>
    private async ValueTask<MemcachedConnection> OpenAsync(int slot, Operation operation, CancellationToken cancellationToken)
    {
        Task<MemcachedConnection> opening;
        lock (_openLock)
        {
            if (_connections[slot] is { IsHealthy: true } existing)
            {
                return existing;
            }

            opening = _opening[slot] is { IsCompleted: false } pending ? pending : (_opening[slot] = OpenSlotAsync(slot));
        }

        try
        {
            return await opening.WaitAsync(RemainingTime(operation), Context.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new MemcachedException(MemcachedErrorKind.Timeout, Name,
                $"no connection within the operation timeout of {Options.OperationTimeout.TotalMilliseconds:0} ms");
        }
    }

    private async Task<MemcachedConnection> OpenSlotAsync(int slot)
    {
        var connection = await ConnectAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _connections[slot], connection)?.Close(MemcachedConnection.Fault.Replaced);
        if (_disposed.IsCancellationRequested)
        {
            connection.Close(MemcachedConnection.Fault.Disposed); // DisposeAsync may have swept the slots already
            throw new MemcachedException(MemcachedErrorKind.Disposed, Name, "the client was disposed");
        }

        return connection;
    }

    /// <summary>Opens one connection within <see cref="MemcachedClientOptions.ConnectTimeout"/>, counting a failure against the node's health.</summary>
    private async Task<MemcachedConnection> ConnectAsync()
    {
        using var timeout = new CancellationTokenSource(Options.ConnectTimeout, Context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposed.Token);
        try
        {
            var connection = await MemcachedConnection.OpenAsync(this, linked.Token).ConfigureAwait(false);
            Log.Connected(Name);
            return connection;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            throw new MemcachedException(MemcachedErrorKind.Disposed, Name, "the client was disposed");
        }
        catch (OperationCanceledException ex)
        {
            RecordFailure($"connect timed out after {Options.ConnectTimeout.TotalMilliseconds:0} ms");
            throw new MemcachedException(MemcachedErrorKind.ConnectionFailed, Name,
                $"connect timed out after {Options.ConnectTimeout.TotalMilliseconds:0} ms", ex);
        }
        catch (MemcachedException ex)
        {
            RecordFailure(ex.Message);
            throw;
        }
        catch (Exception ex)
        {
            RecordFailure(ex.Message);
            throw new MemcachedException(MemcachedErrorKind.ConnectionFailed, Name, $"cannot connect: {ex.Message}", ex);
        }
    }
}
