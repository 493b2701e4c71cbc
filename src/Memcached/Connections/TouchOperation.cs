using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary><c>mg &lt;key&gt; T&lt;ttl&gt;</c>: refreshes the TTL without transferring the value.</summary>
internal sealed class TouchOperation(string key, bool base64, long ttl) : KeyedOperation<MemcachedResult>(key, base64)
{
    public override string Name => "touch";

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        WriteCommand(writer, "mg"u8);
        CommandWriter.WriteFlag(writer, (byte)'T', (ulong)ttl);
        CommandWriter.WriteEndOfLine(writer);
    }

    public override bool OnReply(in MetaReply reply, string node) => reply.Code switch
    {
        ReplyCode.Success => TrySetResult(new MemcachedResult(MemcachedStatus.Hit)) || true,
        ReplyCode.Miss => TrySetResult(new MemcachedResult(MemcachedStatus.NotFound)) || true,
        _ when reply.IsError => FailWith(reply, node),
        _ => throw Unexpected(reply),
    };
}
