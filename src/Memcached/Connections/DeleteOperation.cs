using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary><c>md &lt;key&gt; [C&lt;cas&gt;]</c>.</summary>
internal sealed class DeleteOperation(string key, bool base64, ulong cas) : KeyedOperation<MemcachedResult>(key, base64)
{
    public override string Name => "delete";

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        WriteCommand(writer, "md"u8);
        if (cas != 0)
        {
            CommandWriter.WriteFlag(writer, (byte)'C', cas);
        }

        CommandWriter.WriteEndOfLine(writer);
    }

    public override bool OnReply(in MetaReply reply, string node) => reply.Code switch
    {
        ReplyCode.Success => TrySetResult(new MemcachedResult(MemcachedStatus.Deleted)) || true,
        ReplyCode.NotFound => TrySetResult(new MemcachedResult(MemcachedStatus.NotFound)) || true,
        ReplyCode.Exists => TrySetResult(new MemcachedResult(MemcachedStatus.Exists)) || true,
        _ when reply.IsError => FailWith(reply, node),
        _ => throw Unexpected(reply),
    };
}
