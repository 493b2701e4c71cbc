using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Memcached.Protocol;

/// <summary>
/// One parsed reply. <see cref="Arguments"/> and <see cref="Value"/> point into the connection's
/// receive buffer and are valid only while the reply is being handled.
/// </summary>
internal readonly ref struct MetaReply
{
    public MetaReply(ReplyCode code, ReadOnlySpan<byte> arguments, ReadOnlySequence<byte> value)
    {
        Code = code;
        Arguments = arguments;
        Value = value;
    }

    public ReplyCode Code { get; }

    /// <summary>The rest of the line after the code (no leading space, no CRLF).</summary>
    public ReadOnlySpan<byte> Arguments { get; }

    /// <summary>The data block of a <see cref="ReplyCode.Value"/> reply.</summary>
    public ReadOnlySequence<byte> Value { get; }

    public bool IsError => Code is ReplyCode.Error or ReplyCode.ClientError or ReplyCode.ServerError;

    /// <summary>The argument text (error message, version, ...) as a string.</summary>
    public string ArgumentText => Encoding.ASCII.GetString(Arguments);

    /// <summary>Finds a flag's token (the bytes after the flag letter) among the meta flags.</summary>
    public bool TryGetFlag(byte flag, out ReadOnlySpan<byte> token)
    {
        var rest = Arguments;
        if (Code == ReplyCode.Value)
        {
            // The first token of VA is the data size, not a flag.
            var space = rest.IndexOf((byte)' ');
            rest = space < 0 ? [] : rest[(space + 1)..];
        }

        while (!rest.IsEmpty)
        {
            var space = rest.IndexOf((byte)' ');
            var current = space < 0 ? rest : rest[..space];
            if (!current.IsEmpty && current[0] == flag)
            {
                token = current[1..];
                return true;
            }

            rest = space < 0 ? [] : rest[(space + 1)..];
        }

        token = default;
        return false;
    }

    /// <summary>Reads a numeric flag; a malformed number is a protocol error.</summary>
    public bool TryGetNumber(byte flag, out long value)
    {
        value = 0;
        if (!TryGetFlag(flag, out var token))
        {
            return false;
        }

        return Utf8Parser.TryParse(token, out value, out var used) && used == token.Length ? true : throw NotANumber(flag);
    }

    /// <summary>Reads an unsigned numeric flag; a malformed number is a protocol error.</summary>
    public bool TryGetUnsigned(byte flag, out ulong value)
    {
        value = 0;
        if (!TryGetFlag(flag, out var token))
        {
            return false;
        }

        return Utf8Parser.TryParse(token, out value, out var used) && used == token.Length ? true : throw NotANumber(flag);
    }

    private static ProtocolException NotANumber(byte flag) => new($"flag '{(char)flag}' has a non-numeric token");
}
