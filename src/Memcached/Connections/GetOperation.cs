using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary>
/// <c>mg &lt;key&gt; [v] c f t [T&lt;ttl&gt;]</c>: value (unless only the metadata is asked), CAS, client
/// flags, remaining TTL; optionally touching.
/// </summary>
internal sealed class GetOperation(string key, bool base64, long touchTtl, bool withValue = true) : KeyedOperation<GetResult>(key, base64)
{
    public override string Name => (withValue, touchTtl >= 0) switch
    {
        (true, true) => "gat",
        (true, false) => "get",
        (false, true) => "touch_meta",
        _ => "get_meta",
    };

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        WriteCommand(writer, "mg"u8);
        CommandWriter.Write(writer, withValue ? " v c f t"u8 : " c f t"u8);
        if (touchTtl >= 0)
        {
            CommandWriter.WriteFlag(writer, (byte)'T', (ulong)touchTtl);
        }

        CommandWriter.WriteEndOfLine(writer);
    }

    public override bool OnReply(in MetaReply reply, string node)
    {
        switch (reply.Code)
        {
            case ReplyCode.Value:
                if (!IsCompleted)
                {
                    var result = ToResult(reply);
                    if (!TrySetResult(result))
                    {
                        result.Dispose();
                    }
                }

                return true;
            case ReplyCode.Success when !withValue:
                TrySetResult(ToResult(reply));
                return true;
            case ReplyCode.Miss:
                TrySetResult(GetResult.Miss);
                return true;
            case ReplyCode.ClientError or ReplyCode.ServerError or ReplyCode.Error:
                return FailWith(reply, node);
            default:
                throw Unexpected(reply);
        }
    }

    /// <summary>Builds a hit from a <c>VA</c> reply (or an <c>HD</c> reply, without value) that carries <c>c f t</c>.</summary>
    internal static GetResult ToResult(in MetaReply reply)
    {
        reply.TryGetUnsigned((byte)'c', out var cas);
        reply.TryGetUnsigned((byte)'f', out var flags);
        int? ttl = reply.TryGetNumber((byte)'t', out var t) ? (int)Math.Clamp(t, -1, int.MaxValue) : null;
        var value = reply.Code == ReplyCode.Value ? PooledValue.CopyOf(reply.Value) : null;
        return new GetResult(MemcachedStatus.Hit, value, cas, (uint)flags, ttl);
    }
}
