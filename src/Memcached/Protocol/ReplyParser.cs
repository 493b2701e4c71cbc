using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Memcached.Protocol;

/// <summary>
/// Parses one reply at a time from the start of a receive buffer, without copying unless a line
/// straddles two buffer segments. Incomplete input yields <see langword="false"/>; input that
/// breaks the protocol throws <see cref="ProtocolException"/>.
/// </summary>
internal static class ReplyParser
{
    /// <summary>Longest reply line accepted; memcached's own lines stay far below this.</summary>
    public const int MaxLineLength = 8192;

    /// <summary>Largest data block accepted (memcached's own ceiling for <c>-I</c> is 1 GiB).</summary>
    public const int MaxValueLength = 1024 * 1024 * 1024;

    /// <summary>Tries to read one reply from the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes.</param>
    /// <param name="scratch">At least <see cref="MaxLineLength"/> bytes, used when a line spans segments.</param>
    /// <param name="reply">The reply; valid while <paramref name="buffer"/> and <paramref name="scratch"/> are.</param>
    /// <param name="end">Where the reply ends in <paramref name="buffer"/>.</param>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, Span<byte> scratch, out MetaReply reply, out SequencePosition end)
    {
        reply = default;
        end = buffer.Start;
        if (!TryReadLine(buffer, scratch, out var line, out var lineBytes))
        {
            return false;
        }

        var code = ParseCode(line, out var arguments);
        var value = ReadOnlySequence<byte>.Empty;
        var totalBytes = lineBytes;
        if (code == ReplyCode.Value)
        {
            var size = ParseValueSize(arguments);
            if (buffer.Length < lineBytes + size + 2)
            {
                return false;
            }

            value = buffer.Slice(lineBytes, size);
            var terminator = buffer.Slice(lineBytes + size, 2);
            Span<byte> crlf = stackalloc byte[2];
            terminator.CopyTo(crlf);
            if (crlf[0] != (byte)'\r' || crlf[1] != (byte)'\n')
            {
                throw new ProtocolException("the data block is not followed by CRLF");
            }

            totalBytes += size + 2;
        }

        reply = new MetaReply(code, arguments, value);
        end = buffer.GetPosition(totalBytes);
        return true;
    }

    private static bool TryReadLine(in ReadOnlySequence<byte> buffer, Span<byte> scratch, out ReadOnlySpan<byte> line, out long lineBytes)
    {
        var first = buffer.FirstSpan;
        var lf = first.Length > MaxLineLength ? first[..(MaxLineLength + 1)].IndexOf((byte)'\n') : first.IndexOf((byte)'\n');
        if (lf >= 0)
        {
            line = first[..lf];
        }
        else
        {
            var window = buffer.Length > MaxLineLength + 1 ? buffer.Slice(0, MaxLineLength + 1) : buffer;
            var position = buffer.IsSingleSegment ? null : window.PositionOf((byte)'\n');
            if (position is null)
            {
                if (buffer.Length > MaxLineLength)
                {
                    throw new ProtocolException($"no end of line within {MaxLineLength} bytes");
                }

                line = default;
                lineBytes = 0;
                return false;
            }

            var lineSequence = buffer.Slice(0, position.Value);
            lineSequence.CopyTo(scratch);
            line = scratch[..(int)lineSequence.Length];
        }

        lineBytes = line.Length + 1;
        if (line.IsEmpty || line[^1] != (byte)'\r')
        {
            throw new ProtocolException("a reply line does not end with CRLF");
        }

        line = line[..^1];
        return true;
    }

    private static ReplyCode ParseCode(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> arguments)
    {
        var space = line.IndexOf((byte)' ');
        var token = space < 0 ? line : line[..space];
        arguments = space < 0 ? [] : line[(space + 1)..];
        if (token.Length == 2)
        {
            switch (token[0] << 8 | token[1])
            {
                case 'V' << 8 | 'A': return ReplyCode.Value;
                case 'H' << 8 | 'D': return ReplyCode.Success;
                case 'E' << 8 | 'N': return ReplyCode.Miss;
                case 'N' << 8 | 'S': return ReplyCode.NotStored;
                case 'E' << 8 | 'X': return ReplyCode.Exists;
                case 'N' << 8 | 'F': return ReplyCode.NotFound;
                case 'M' << 8 | 'N': return ReplyCode.NoOp;
                case 'O' << 8 | 'K': return ReplyCode.Ok;
            }
        }
        else if (token.SequenceEqual("END"u8))
        {
            return ReplyCode.End;
        }
        else if (token.SequenceEqual("STAT"u8))
        {
            return ReplyCode.Stat;
        }
        else if (token.SequenceEqual("VERSION"u8))
        {
            return ReplyCode.Version;
        }
        else if (token.SequenceEqual("STORED"u8))
        {
            return ReplyCode.Stored;
        }
        else if (token.SequenceEqual("ERROR"u8))
        {
            return ReplyCode.Error;
        }
        else if (token.SequenceEqual("CLIENT_ERROR"u8))
        {
            return ReplyCode.ClientError;
        }
        else if (token.SequenceEqual("SERVER_ERROR"u8))
        {
            return ReplyCode.ServerError;
        }

        throw new ProtocolException($"unexpected reply '{Printable(line)}'");
    }

    private static int ParseValueSize(ReadOnlySpan<byte> arguments)
    {
        var space = arguments.IndexOf((byte)' ');
        var token = space < 0 ? arguments : arguments[..space];
        if (!Utf8Parser.TryParse(token, out int size, out var consumed) || consumed != token.Length || size < 0 || size > MaxValueLength)
        {
            throw new ProtocolException($"VA has an invalid data size '{Printable(token)}'");
        }

        return size;
    }

    /// <summary>At most 40 characters of protocol text, non-printable bytes escaped, for error messages.</summary>
    internal static string Printable(ReadOnlySpan<byte> text)
    {
        var builder = new StringBuilder();
        foreach (var b in text[..Math.Min(text.Length, 40)])
        {
            builder.Append(b is >= 0x20 and < 0x7F ? (char)b : $"\\x{b:X2}");
        }

        return text.Length > 40 ? builder.Append("...").ToString() : builder.ToString();
    }
}
