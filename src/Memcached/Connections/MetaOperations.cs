using System.Buffers;
using Memcached.Protocol;

namespace Memcached.Connections;

/// <summary>An operation on one key.</summary>
internal abstract class KeyedOperation<T>(string key, bool base64) : Operation<T>
{
    protected string Key { get; } = key;

    protected bool Base64 { get; } = base64;

    /// <summary>Writes <c>&lt;command&gt; &lt;key&gt;</c> and the <c>b</c> flag when the key is base64.</summary>
    protected void WriteCommand(IBufferWriter<byte> writer, ReadOnlySpan<byte> command)
    {
        CommandWriter.WriteCommandAndKey(writer, command, Key, Base64);
        if (Base64)
        {
            CommandWriter.WriteFlag(writer, (byte)'b');
        }
    }

    /// <summary>Completes with the error of an error reply. Always the last reply of a single-key operation.</summary>
    protected bool FailWith(in MetaReply reply, string node)
    {
        Fail(ErrorFrom(reply, node));
        return true;
    }
}

/// <summary><c>mg &lt;key&gt; v c f t [T&lt;ttl&gt;]</c>: value, CAS, client flags, remaining TTL; optionally touching.</summary>
internal sealed class GetOperation(string key, bool base64, long touchTtl) : KeyedOperation<GetResult>(key, base64)
{
    public override string Name => touchTtl >= 0 ? "gat" : "get";

    public override void WriteRequest(IBufferWriter<byte> writer)
    {
        WriteCommand(writer, "mg"u8);
        CommandWriter.Write(writer, " v c f t"u8);
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
            case ReplyCode.Miss:
                TrySetResult(GetResult.Miss);
                return true;
            case ReplyCode.ClientError or ReplyCode.ServerError or ReplyCode.Error:
                return FailWith(reply, node);
            default:
                throw Unexpected(reply);
        }
    }

    /// <summary>Builds a hit from a <c>VA</c> reply that carries <c>c f t</c>.</summary>
    internal static GetResult ToResult(in MetaReply reply)
    {
        reply.TryGetUnsigned((byte)'c', out var cas);
        reply.TryGetUnsigned((byte)'f', out var flags);
        int? ttl = reply.TryGetNumber((byte)'t', out var t) ? (int)Math.Clamp(t, -1, int.MaxValue) : null;
        return new GetResult(MemcachedStatus.Hit, PooledValue.CopyOf(reply.Value), cas, (uint)flags, ttl);
    }
}

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
