using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary><c>ma &lt;key&gt; v D&lt;delta&gt; [MD] [N&lt;ttl&gt; J&lt;initial&gt;]</c>.</summary>
internal sealed class ArithmeticOperation(string key, bool base64, bool increment, ulong delta, ulong? initial, long ttl)
    : KeyedOperation<CounterResult>(key, base64)
{
    public override string Name => increment ? "incr" : "decr";

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        WriteCommand(writer, "ma"u8);
        CommandWriter.WriteFlag(writer, (byte)'v');
        CommandWriter.WriteFlag(writer, (byte)'D', delta);
        if (!increment)
        {
            CommandWriter.Write(writer, " MD"u8);
        }

        if (initial is { } start)
        {
            CommandWriter.WriteFlag(writer, (byte)'N', (ulong)ttl);
            CommandWriter.WriteFlag(writer, (byte)'J', start);
        }

        CommandWriter.WriteEndOfLine(writer);
    }

    public override bool OnReply(in MetaReply reply, string node)
    {
        switch (reply.Code)
        {
            case ReplyCode.Value:
                Span<byte> digits = stackalloc byte[24];
                if (reply.Value.Length > digits.Length
                    || !System.Buffers.Text.Utf8Parser.TryParse(Slice(reply.Value, digits), out ulong value, out var used)
                    || used != reply.Value.Length)
                {
                    throw new ProtocolException("ma returned a value that is not a number");
                }

                TrySetResult(new CounterResult(MemcachedStatus.Hit, value));
                return true;
            case ReplyCode.NotFound:
                TrySetResult(new CounterResult(MemcachedStatus.NotFound, 0));
                return true;
            case ReplyCode.ClientError or ReplyCode.ServerError or ReplyCode.Error:
                return FailWith(reply, node);
            default:
                throw Unexpected(reply);
        }
    }

    private static ReadOnlySpan<byte> Slice(in ReadOnlySequence<byte> value, Span<byte> buffer)
    {
        value.CopyTo(buffer);
        return buffer[..(int)value.Length];
    }
}
