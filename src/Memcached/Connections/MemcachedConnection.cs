using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Memcached.Connections;

/// <summary>
/// One long-lived, pipelined connection to a node. Any number of callers write requests back to
/// back; a single read loop matches replies to requests in order. When the connection breaks or
/// its oldest request times out, it closes and every request pending on it fails — a reply is never
/// handed to the wrong caller.
/// </summary>
internal sealed partial class MemcachedConnection : IThreadPoolWorkItem
{
    private readonly MemcachedNode _node;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private SendBuffer _filling = new();
    private SendBuffer _draining = new();
    private bool _sending;
    private readonly PipeReader _receive;
    private readonly ConcurrentQueue<Operation> _pending = new();
    private readonly Lock _writeLock = new();
    private readonly byte[] _lineScratch = new byte[Protocol.ReplyParser.MaxLineLength];
    private Fault? _fault;

    private MemcachedConnection(MemcachedNode node, Socket socket, Stream stream)
    {
        _node = node;
        _socket = socket;
        _stream = stream;
        _receive = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
    }

    /// <summary>Whether the connection still accepts requests.</summary>
    public bool IsHealthy => Volatile.Read(ref _fault) is null;

    /// <summary>Requests written and not yet answered.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Writes the request and queues the operation for its reply: <see cref="EnqueueOutcome.Closed"/> when the
    /// connection is closed, <see cref="EnqueueOutcome.Busy"/> (nothing written) when another caller is writing and
    /// <paramref name="wait"/> is false. The request rides along with a send in progress, or starts one.
    /// </summary>
    public EnqueueOutcome TryEnqueue(Operation operation, bool wait)
    {
        if (wait)
        {
            _writeLock.Enter();
        }
        else if (!_writeLock.TryEnter())
        {
            return EnqueueOutcome.Busy;
        }

        bool startSending;
        try
        {
            if (_fault is not null)
            {
                return EnqueueOutcome.Closed;
            }

            var before = _filling.WrittenCount;
            operation.WriteRequest(_filling);
            _node.Metrics.BytesSent(_node.Name, _filling.WrittenCount - before);
            _pending.Enqueue(operation);
            startSending = !_sending;
            _sending = true;
        }
        finally
        {
            _writeLock.Exit();
        }

        if (!startSending)
        {
            return EnqueueOutcome.Enqueued;
        }

        if (_node.Context.Completions.IsEmpty && _pending.Count <= 1)
        {
            _ = SendAsync(); // a lone request, and no caller about to send: send it from this thread, no hop
        }
        else
        {
            // Other callers are about to send (their completions are queued) or will as their replies land:
            // a thread-pool hop queues this send behind them, so that one write carries their requests too.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return EnqueueOutcome.Enqueued;
    }

    /// <summary>Closes the connection if its oldest request is past its deadline.</summary>
    public void CheckTimeout(long now)
    {
        if (_pending.TryPeek(out var head) && now >= head.Deadline)
        {
            Close(new Fault(MemcachedErrorKind.Timeout, $"no reply within {_node.Options.OperationTimeout.TotalMilliseconds:0} ms; the connection was closed", null));
        }
    }

    /// <summary>Closes the connection; the requests pending on it fail with <paramref name="fault"/>.</summary>
    public void Close(Fault fault)
    {
        lock (_writeLock)
        {
            if (_fault is not null)
            {
                return;
            }

            // First, so that no request can reach a new connection (perhaps to a restarted server) while the epoch is unchanged.
            _node.OnConnectionLosing();
            _fault = fault;
        }

        _receive.CancelPendingRead();
        _stream.Dispose();
        _socket.Dispose();
        _node.OnConnectionClosed(this, fault);
    }

    private void StartReceiving() => _ = Task.Run(ReceiveLoopAsync);

    /// <summary>What <see cref="TryEnqueue"/> did.</summary>
    internal enum EnqueueOutcome
    {
        /// <summary>The request is written and awaits its reply.</summary>
        Enqueued,

        /// <summary>Another caller held the connection's write lock; nothing was written.</summary>
        Busy,

        /// <summary>The connection is closed; nothing was written.</summary>
        Closed,
    }

    /// <summary>Why a connection closed; each pending request gets its own exception built from it.</summary>
    internal sealed record Fault(MemcachedErrorKind Kind, string Message, Exception? Cause, bool CountsAgainstNode = true)
    {
        /// <summary>The client is shutting down.</summary>
        public static Fault Disposed { get; } = new(MemcachedErrorKind.Disposed, "the client was disposed", null, CountsAgainstNode: false);

        /// <summary>A newer connection took this one's place.</summary>
        public static Fault Replaced { get; } = new(MemcachedErrorKind.ConnectionFailed, "the connection was replaced", null, CountsAgainstNode: false);

        public MemcachedException ToException(string node) => new(Kind, node, Message, Cause);
    }
}
