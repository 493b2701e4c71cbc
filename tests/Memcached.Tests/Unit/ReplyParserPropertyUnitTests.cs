using System.Buffers;
using System.Text;
using CsCheck;
using Memcached.Protocol;

namespace Memcached.Tests.Unit;

/// <summary>Property tests: replies split anywhere parse the same; garbage never hangs or crashes.</summary>
public sealed class ReplyParserPropertyUnitTests
{
    private static readonly Gen<byte[]> Reply = Gen.OneOf(
        Gen.Const("EN\r\n"u8.ToArray()),
        Gen.Const("MN\r\n"u8.ToArray()),
        Gen.Const("NS\r\n"u8.ToArray()),
        Gen.Const("SERVER_ERROR out of memory storing object\r\n"u8.ToArray()),
        Gen.Select(Gen.ULong, Gen.UInt, (cas, flags) => Encoding.ASCII.GetBytes($"HD c{cas} f{flags}\r\n")),
        Gen.Select(Gen.Byte.Array[0, 3000], Gen.ULong, Gen.Int[-1, 100000], (value, cas, ttl) =>
            (byte[])[.. Encoding.ASCII.GetBytes($"VA {value.Length} c{cas} t{ttl}\r\n"), .. value, .. "\r\n"u8.ToArray()]));

    [Fact]
    public void Replies_split_at_any_points_parse_exactly_as_unsplit() =>
        Gen.Select(Reply.Array[1, 12], Gen.Int[0, 100000].Array[0, 20]).Sample((replies, cuts) =>
        {
            var bytes = replies.SelectMany(r => r).ToArray();
            var whole = ParseAll(new ReadOnlySequence<byte>(bytes));
            var split = ParseIncrementally(bytes, cuts.Select(c => c % (bytes.Length + 1)));
            return whole.Count == replies.Length && whole.SequenceEqual(split);
        }, iter: 300);

    [Fact]
    public void Garbage_and_corrupted_replies_only_ever_parse_ask_for_more_or_fail_with_a_protocol_error() =>
        Gen.OneOf(
            Gen.Byte.Array[0, 500],
            Gen.Select(Reply.Array[1, 5], Gen.Int, Gen.Byte, (replies, at, value) =>
            {
                var bytes = replies.SelectMany(r => r).ToArray();
                bytes[Math.Abs(at % bytes.Length)] = value;
                return bytes;
            })).Sample(bytes =>
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            var scratch = new byte[ReplyParser.MaxLineLength];
            try
            {
                for (var steps = 0; steps <= bytes.Length; steps++)
                {
                    if (!ReplyParser.TryRead(buffer, scratch, out _, out var end))
                    {
                        return true;
                    }

                    var next = buffer.Slice(end);
                    if (next.Length >= buffer.Length)
                    {
                        return false; // no progress: would loop forever
                    }

                    buffer = next;
                }

                return false;
            }
            catch (ProtocolException)
            {
                return true;
            }
        }, iter: 2000);

    private static List<ParsedReply> ParseAll(ReadOnlySequence<byte> buffer)
    {
        var scratch = new byte[ReplyParser.MaxLineLength];
        var replies = new List<ParsedReply>();
        while (ReplyParser.TryRead(buffer, scratch, out var reply, out var end))
        {
            replies.Add(ParsedReply.From(reply));
            buffer = buffer.Slice(end);
        }

        return replies;
    }

    /// <summary>Feeds the bytes as a connection receives them: a growing prefix, split into segments at the cuts.</summary>
    private static List<ParsedReply> ParseIncrementally(byte[] bytes, IEnumerable<int> cuts)
    {
        var arrivals = cuts.Append(bytes.Length).Distinct().Order().ToList();
        var replies = new List<ParsedReply>();
        var consumed = 0L;
        foreach (var available in arrivals)
        {
            var buffer = Segments.Split(bytes[..available], arrivals).Slice(consumed);
            var scratch = new byte[ReplyParser.MaxLineLength];
            while (ReplyParser.TryRead(buffer, scratch, out var reply, out var end))
            {
                replies.Add(ParsedReply.From(reply));
                consumed += buffer.Slice(0, end).Length;
                buffer = buffer.Slice(end);
            }
        }

        return replies;
    }
}
