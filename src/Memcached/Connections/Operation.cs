using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary>
/// One request in a connection's pipeline: it writes its command and consumes the replies that
/// belong to it, which arrive strictly in request order.
/// </summary>
internal abstract class Operation
{
    /// <summary>Metric/trace name of the operation (<c>get</c>, <c>set</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>When the operation times out, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long Deadline { get; set; }

    /// <summary>The in-flight slot this operation holds on its node, released when it leaves the pipeline.</summary>
    public InFlightLimit? Slot { get; set; }

    /// <summary>
    /// The client's count of queued completions, which this operation's completion joins while it waits to run.
    /// Set before the operation can complete, and never changed after.
    /// </summary>
    public CompletionBacklog? Backlog { get; set; }

    /// <summary>Whether the caller has been given a result, an error or a cancellation.</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>Writes the request (command line, data block) to the send buffer.</summary>
    public abstract void WriteRequest(IBufferWriter<byte> writer);

    /// <summary>Handles one reply; returns <see langword="true"/> once the last reply of this operation has been read.</summary>
    public abstract bool OnReply(in MetaReply reply, string node);

    /// <summary>Fails the operation (connection broke, timed out, ...). No effect once completed.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Completes the operation as cancelled by the caller. No effect once completed.</summary>
    public abstract void Cancel(CancellationToken cancellationToken);

    /// <summary>The exception for an error reply (<c>ERROR</c>, <c>CLIENT_ERROR</c>, <c>SERVER_ERROR</c>).</summary>
    protected static MemcachedException ErrorFrom(in MetaReply reply, string node)
    {
        var text = reply.ArgumentText;
        return reply.Code switch
        {
            ReplyCode.ClientError => new MemcachedException(MemcachedErrorKind.ClientError, node, $"CLIENT_ERROR {text}", serverMessage: text),
            ReplyCode.ServerError when text.Contains("too large", StringComparison.Ordinal) =>
                new MemcachedException(MemcachedErrorKind.TooLarge, node, $"SERVER_ERROR {text}", serverMessage: text),
            ReplyCode.ServerError => new MemcachedException(MemcachedErrorKind.ServerError, node, $"SERVER_ERROR {text}", serverMessage: text),
            ReplyCode.Error => new MemcachedException(MemcachedErrorKind.UnknownCommand, node, "ERROR (command not supported by this server)"),
            _ => new MemcachedException(MemcachedErrorKind.ProtocolError, node, $"unexpected {reply.Code} reply"),
        };
    }

    /// <summary>A reply this operation cannot receive.</summary>
    protected ProtocolException Unexpected(in MetaReply reply) =>
        new($"unexpected reply '{reply.Code} {ReplyParser.Printable(reply.Arguments)}' to {Name}");
}
