using System.Globalization;
using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Tests.Conformance;

/// <summary>The ETag text: the same as general hex formatting gives, and parsed back to the same stamp.</summary>
public sealed class StateETagUnitTests
{
    public static TheoryData<ulong, ulong> Stamps => new()
    {
        { 0, 1 },
        { 1, 0xF },
        { 0x10, 0x100 },
        { 0x19A2B3C4D5E, 0x8000_0000_0000_0000 },
        { ulong.MaxValue, ulong.MaxValue },
        { 0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210 },
    };

    [Theory]
    [MemberData(nameof(Stamps))]
    public void The_text_is_both_numbers_in_lowercase_hex_and_parses_back(ulong version, ulong writeId)
    {
        var etag = new StateETag(version, writeId);

        var text = etag.ToString();

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{version:x}-{writeId:x}"), text);
        Assert.True(StateETag.TryParse(text, out var parsed));
        Assert.Equal(etag, parsed);
    }

    [Fact]
    public void Random_stamps_format_as_general_hex_formatting_does()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 10_000; i++)
        {
            var etag = StateETag.Next(null, random.NextInt64(1, long.MaxValue) >> random.Next(0, 63));

            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{etag.Version:x}-{etag.WriteId:x}"), etag.ToString());
        }
    }
}
