using System.Buffers;
using System.Buffers.Text;

namespace Memcached.Protocol;

/// <summary>Small helpers that write protocol tokens straight into the connection's send buffer.</summary>
internal static class CommandWriter
{
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        var span = writer.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        writer.Advance(bytes.Length);
    }

    public static void Write(IBufferWriter<byte> writer, in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            Write(writer, segment.Span);
        }
    }

    public static void WriteByte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    /// <summary>Writes a space, the flag letter and its numeric token, e.g. <c> T60</c>.</summary>
    public static void WriteFlag(IBufferWriter<byte> writer, byte flag, ulong value)
    {
        var span = writer.GetSpan(22);
        span[0] = (byte)' ';
        span[1] = flag;
        Utf8Formatter.TryFormat(value, span[2..], out var written);
        writer.Advance(written + 2);
    }

    /// <summary>Writes a space and a bare flag letter, e.g. <c> v</c>.</summary>
    public static void WriteFlag(IBufferWriter<byte> writer, byte flag)
    {
        var span = writer.GetSpan(2);
        span[0] = (byte)' ';
        span[1] = flag;
        writer.Advance(2);
    }

    /// <summary>Writes a space and a number.</summary>
    public static void WriteNumber(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(21);
        span[0] = (byte)' ';
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        writer.Advance(written + 1);
    }

    /// <summary>Writes <c>&lt;command&gt; &lt;key&gt;</c>; the caller adds the <c>b</c> flag where the command's syntax allows.</summary>
    public static void WriteCommandAndKey(IBufferWriter<byte> writer, ReadOnlySpan<byte> command, string key, bool base64)
    {
        Write(writer, command);
        WriteByte(writer, (byte)' ');
        KeyEncoder.Write(writer, key, base64);
    }

    public static void WriteEndOfLine(IBufferWriter<byte> writer) => Write(writer, CrLf);
}
