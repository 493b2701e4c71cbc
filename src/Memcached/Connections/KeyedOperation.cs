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
