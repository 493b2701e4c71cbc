using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

internal sealed partial class MemcachedConnection
{
    /// <summary>
    /// Sends what callers have buffered: swaps the filling buffer for the drained one under the lock and writes
    /// it in one call (one syscall, one TLS record batch). What arrived meanwhile goes in the next write, from a
    /// new thread-pool work item: it is only the start of the next batch, and the callers whose completions are
    /// queued ahead of that item add theirs before it runs.
    /// </summary>
    private async Task SendAsync()
    {
        try
        {
            SendBuffer buffer;
            lock (_writeLock)
            {
                if (_fault is not null || _filling.WrittenCount == 0)
                {
                    _sending = false;
                    return;
                }

                (buffer, _filling, _draining) = (_filling, _draining, _filling);
            }

            await _stream.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
            buffer.Reset();
            lock (_writeLock)
            {
                if (_fault is not null || _filling.WrittenCount == 0)
                {
                    _sending = false;
                    return;
                }
            }

            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        catch (Exception ex)
        {
            Close(new Fault(MemcachedErrorKind.ConnectionFailed, $"sending failed: {ex.Message}", ex));
        }
    }

    /// <summary>A send queued to the thread pool (at most one per connection at a time: <c>_sending</c> is set).</summary>
    void IThreadPoolWorkItem.Execute() => _ = SendAsync();

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _receive.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break; // Close() asked us to stop.
                }

                var buffer = result.Buffer;
                var consumed = HandleReplies(buffer);
                _node.Metrics.BytesReceived(_node.Name, buffer.Slice(0, consumed).Length);
                _receive.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    // With nothing pending this is a server closing an idle connection (memcached -o idle_timeout): not a node failure.
                    Close(new Fault(MemcachedErrorKind.ConnectionFailed, "the server closed the connection", null, CountsAgainstNode: !_pending.IsEmpty));
                    break;
                }
            }
        }
        catch (ProtocolException ex)
        {
            _node.Log.ProtocolError(_node.Name, ex.Message);
            Close(new Fault(MemcachedErrorKind.ProtocolError, $"protocol error: {ex.Message}; the connection was closed", ex));
        }
        catch (Exception ex)
        {
            Close(new Fault(MemcachedErrorKind.ConnectionFailed, $"connection lost: {ex.Message}", ex));
        }
        finally
        {
            FailPending();
            await _receive.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hands every complete reply in <paramref name="buffer"/> to the operation at the head of the queue.</summary>
    private SequencePosition HandleReplies(ReadOnlySequence<byte> buffer)
    {
        var handled = false;
        while (ReplyParser.TryRead(buffer, _lineScratch, out var reply, out var end))
        {
            if (!_pending.TryPeek(out var operation))
            {
                throw new ProtocolException($"a reply '{reply.Code}' arrived with no request pending");
            }

            if (operation.OnReply(reply, _node.Name))
            {
                _pending.TryDequeue(out _);
                operation.Slot?.Return();
            }

            buffer = buffer.Slice(end);
            handled = true;
        }

        if (handled)
        {
            _node.RecordSuccess();
        }

        return buffer.Start;
    }

    /// <summary>Fails whatever is still queued once the receive loop has stopped (nothing can be enqueued after Close).</summary>
    private void FailPending()
    {
        var fault = Volatile.Read(ref _fault) ?? new Fault(MemcachedErrorKind.ConnectionFailed, "the connection closed", null);
        while (_pending.TryDequeue(out var operation))
        {
            operation.Fail(fault.ToException(_node.Name));
            operation.Slot?.Return();
        }
    }
}
