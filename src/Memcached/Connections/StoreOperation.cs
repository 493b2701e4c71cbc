using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary><c>ms &lt;key&gt; &lt;len&gt; c [T] [F] [C] [M]</c> + data: every store mode and compare-and-swap.</summary>
internal sealed class StoreOperation(string key, bool base64, ReadOnlySequence<byte> value, StoreMode mode, long ttl, uint flags, ulong cas)
    : KeyedOperation<MemcachedResult>(key, base64)
{
    public override string Name => mode switch
    {
        StoreMode.Add => "add",
        StoreMode.Replace => "replace",
        StoreMode.Append => "append",
        StoreMode.Prepend => "prepend",
        _ => cas != 0 ? "cas" : "set",
    };

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        CommandWriter.WriteCommandAndKey(writer, "ms"u8, Key, Base64);
        CommandWriter.WriteNumber(writer, value.Length);
        if (Base64)
        {
            CommandWriter.WriteFlag(writer, (byte)'b');
        }

        CommandWriter.WriteFlag(writer, (byte)'c');
        if (mode is not (StoreMode.Append or StoreMode.Prepend))
        {
            CommandWriter.WriteFlag(writer, (byte)'T', (ulong)ttl);
            if (flags != 0)
            {
                CommandWriter.WriteFlag(writer, (byte)'F', flags);
            }
        }

        if (cas != 0)
        {
            CommandWriter.WriteFlag(writer, (byte)'C', cas);
        }

        if (mode != StoreMode.Set)
        {
            CommandWriter.Write(writer, mode switch
            {
                StoreMode.Add => " ME"u8,
                StoreMode.Replace => " MR"u8,
                StoreMode.Append => " MA"u8,
                _ => " MP"u8,
            });
        }

        CommandWriter.WriteEndOfLine(writer);
        CommandWriter.Write(writer, value);
        CommandWriter.WriteEndOfLine(writer);
    }

    public override bool OnReply(in MetaReply reply, string node)
    {
        switch (reply.Code)
        {
            case ReplyCode.Success:
                reply.TryGetUnsigned((byte)'c', out var newCas);
                TrySetResult(new MemcachedResult(MemcachedStatus.Stored, newCas));
                return true;
            case ReplyCode.NotStored:
                TrySetResult(new MemcachedResult(MemcachedStatus.NotStored));
                return true;
            case ReplyCode.Exists:
                TrySetResult(new MemcachedResult(MemcachedStatus.Exists));
                return true;
            case ReplyCode.NotFound:
                TrySetResult(new MemcachedResult(MemcachedStatus.NotFound));
                return true;
            case ReplyCode.ClientError or ReplyCode.ServerError or ReplyCode.Error:
                return FailWith(reply, node);
            default:
                throw Unexpected(reply);
        }
    }
}
