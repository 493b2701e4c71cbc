using System.Buffers;
using System.Text;
using Memcached.Protocol;

namespace Memcached.Tests.Unit;

/// <summary>The reply parser on hand-written replies: every kind, incomplete input, malformed input.</summary>
public sealed class ReplyParserUnitTests
{
    [Theory]
    [InlineData("HD c5 f3 t-1\r\n", "Success", "c5 f3 t-1")]
    [InlineData("EN\r\n", "Miss", "")]
    [InlineData("NS\r\n", "NotStored", "")]
    [InlineData("EX c0\r\n", "Exists", "c0")]
    [InlineData("NF\r\n", "NotFound", "")]
    [InlineData("MN\r\n", "NoOp", "")]
    [InlineData("OK\r\n", "Ok", "")]
    [InlineData("END\r\n", "End", "")]
    [InlineData("STAT pid 42\r\n", "Stat", "pid 42")]
    [InlineData("VERSION 1.6.18\r\n", "Version", "1.6.18")]
    [InlineData("STORED\r\n", "Stored", "")]
    [InlineData("ERROR\r\n", "Error", "")]
    [InlineData("CLIENT_ERROR bad command line format\r\n", "ClientError", "bad command line format")]
    [InlineData("SERVER_ERROR object too large for cache\r\n", "ServerError", "object too large for cache")]
    public void Each_reply_kind_parses(string text, string code, string arguments)
    {
        var (parsed, args, value, consumed) = Parse(Encoding.ASCII.GetBytes(text));

        Assert.Equal(Enum.Parse<ReplyCode>(code), parsed);
        Assert.Equal(arguments, args);
        Assert.Empty(value);
        Assert.Equal(text.Length, consumed);
    }

    [Fact]
    public void A_value_reply_carries_its_data_block_even_with_crlf_inside_and_its_flags()
    {
        var bytes = Encoding.ASCII.GetBytes("VA 7 c12 f3 t60 O9\r\na\r\nb\r\nc\r\nEN\r\n");

        var reply = ParseReply(bytes, out var end);

        Assert.Equal(ReplyCode.Value, reply.Code);
        Assert.Equal("a\r\nb\r\nc", Encoding.ASCII.GetString(reply.Value));
        Assert.Equal(12UL, reply.Cas);
        Assert.Equal(3UL, reply.Flags);
        Assert.Equal(60L, reply.Ttl);
        Assert.Equal(9L, reply.Opaque);
        Assert.Equal(bytes.Length - 4, end);
    }

    [Fact]
    public void The_size_token_of_VA_is_not_taken_for_a_flag()
    {
        var reply = ParseReply(Encoding.ASCII.GetBytes("VA 1 t5\r\nx\r\n"), out _);

        Assert.Null(reply.Cas);
        Assert.Equal(5L, reply.Ttl);
    }

    [Theory]
    [InlineData("HD c5")]
    [InlineData("HD c5\r")]
    [InlineData("VA 5 c1\r\nabc")]
    [InlineData("VA 5 c1\r\nabcde")]
    [InlineData("VA 5 c1\r\nabcde\r")]
    [InlineData("")]
    public void Incomplete_input_asks_for_more(string text)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));

        Assert.False(ReplyParser.TryRead(buffer, new byte[ReplyParser.MaxLineLength], out _, out _));
    }

    [Theory]
    [InlineData("XX what\r\n")]
    [InlineData("HD c5\n")]
    [InlineData("\r\n")]
    [InlineData("VA abc\r\nxyz\r\n")]
    [InlineData("VA -1\r\n\r\n")]
    [InlineData("VA 3\r\nabcXY")]
    [InlineData("VA 99999999999\r\n")]
    public void Malformed_input_is_a_protocol_error(string text)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));

        Assert.Throws<ProtocolException>(() => ReplyParser.TryRead(buffer, new byte[ReplyParser.MaxLineLength], out _, out _));
    }

    [Fact]
    public void A_line_without_end_beyond_the_limit_is_a_protocol_error()
    {
        var buffer = new ReadOnlySequence<byte>(Enumerable.Repeat((byte)'a', ReplyParser.MaxLineLength + 1).ToArray());

        Assert.Throws<ProtocolException>(() => ReplyParser.TryRead(buffer, new byte[ReplyParser.MaxLineLength], out _, out _));
    }

    [Fact]
    public void A_non_numeric_flag_token_is_a_protocol_error()
    {
        var buffer = new ReadOnlySequence<byte>("HD cxyz\r\n"u8.ToArray());
        ReplyParser.TryRead(buffer, new byte[ReplyParser.MaxLineLength], out var reply, out _);
        var threw = false;
        try
        {
            reply.TryGetUnsigned((byte)'c', out _);
        }
        catch (ProtocolException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    private static (ReplyCode Code, string Arguments, byte[] Value, long Consumed) Parse(byte[] bytes)
    {
        var reply = ParseReply(bytes, out var end);
        return (reply.Code, reply.Arguments, reply.Value, end);
    }

    internal static ParsedReply ParseReply(byte[] bytes, out long end)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(ReplyParser.TryRead(buffer, new byte[ReplyParser.MaxLineLength], out var reply, out var position));
        end = buffer.Slice(0, position).Length;
        return ParsedReply.From(reply);
    }
}

/// <summary>A parsed reply copied out of the parser's buffers, for comparing.</summary>
internal sealed record ParsedReply(ReplyCode Code, string Arguments, byte[] Value, ulong? Cas, ulong? Flags, long? Ttl, long? Opaque)
{
    public static ParsedReply From(in MetaReply reply) => new(
        reply.Code,
        Encoding.ASCII.GetString(reply.Arguments),
        reply.Value.ToArray(),
        reply.Code is ReplyCode.Value or ReplyCode.Success && reply.TryGetUnsigned((byte)'c', out var cas) ? cas : null,
        reply.Code is ReplyCode.Value or ReplyCode.Success && reply.TryGetUnsigned((byte)'f', out var flags) ? flags : null,
        reply.Code is ReplyCode.Value or ReplyCode.Success && reply.TryGetNumber((byte)'t', out var ttl) ? ttl : null,
        reply.Code is ReplyCode.Value or ReplyCode.Success && reply.TryGetNumber((byte)'O', out var opaque) ? opaque : null);

    public bool Equals(ParsedReply? other) =>
        other is not null && Code == other.Code && Arguments == other.Arguments && Value.AsSpan().SequenceEqual(other.Value)
        && Cas == other.Cas && Flags == other.Flags && Ttl == other.Ttl && Opaque == other.Opaque;

    public override int GetHashCode() => HashCode.Combine(Code, Arguments, Value.Length);
}
