using System.Buffers;
using System.Text;
using CsCheck;
using Memcached.Protocol;

namespace Memcached.Tests.Unit;

/// <summary>Keys: plain when safe, base64 otherwise, never protocol text.</summary>
public sealed class KeyEncoderUnitTests
{
    [Theory]
    [InlineData("session:42")]
    [InlineData("a")]
    [InlineData("!#$%&'()*+,-./~{}|")]
    public void Printable_ascii_keys_go_as_they_are(string key)
    {
        Assert.False(KeyEncoder.RequiresBase64(key, allowBase64: true));
        Assert.Equal(key, Written(key, base64: false));
    }

    [Fact]
    public void A_250_character_key_is_plain_and_251_needs_base64_which_is_too_long()
    {
        Assert.False(KeyEncoder.RequiresBase64(new string('k', 250), allowBase64: true));
        Assert.Throws<ArgumentException>(() => KeyEncoder.RequiresBase64(new string('k', 251), allowBase64: true));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("line\r\nbreak")]
    [InlineData("tab\there")]
    [InlineData("nul\0byte")]
    [InlineData("ключ")]
    [InlineData("emoji🎉")]
    [InlineData("del\u007F")]
    public void Other_keys_are_sent_as_base64_of_their_utf8_bytes(string key)
    {
        Assert.True(KeyEncoder.RequiresBase64(key, allowBase64: true));
        Assert.Equal(Encoding.UTF8.GetBytes(key), Convert.FromBase64String(Written(key, base64: true)));
        Assert.Throws<ArgumentException>(() => KeyEncoder.RequiresBase64(key, allowBase64: false));
    }

    [Fact]
    public void Empty_and_too_long_keys_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => KeyEncoder.RequiresBase64("", allowBase64: true));
        Assert.Throws<ArgumentException>(() => KeyEncoder.RequiresBase64(new string('ж', 94), allowBase64: true));
        Assert.False(KeyEncoder.RequiresBase64(new string('x', 250), allowBase64: true));
        Assert.True(KeyEncoder.RequiresBase64(new string('ж', 93), allowBase64: true));
    }

    [Fact]
    public void Keys_with_an_unpaired_surrogate_are_rejected()
    {
        // Built here, not as theory data: test discovery would turn the lone surrogates into U+FFFD.
        foreach (var key in new[] { "lone" + (char)0xD800, "lone" + (char)0xDFFF, $"{(char)0xDC00}{(char)0xD800}x" })
        {
            Assert.Throws<ArgumentException>(() => KeyEncoder.RequiresBase64(key, allowBase64: true));
        }

        Assert.True(KeyEncoder.RequiresBase64("pair🎉", allowBase64: true));
    }

    [Fact]
    public void No_key_ever_produces_a_token_with_whitespace_or_control_bytes() =>
        Gen.String[1, 60].Sample(key =>
        {
            var base64 = KeyEncoder.RequiresBase64(key, allowBase64: true);
            var token = Encoding.ASCII.GetBytes(Written(key, base64));
            return token.All(b => b is > 0x20 and < 0x7F)
                && (base64 ? Convert.FromBase64String(Encoding.ASCII.GetString(token)).SequenceEqual(Encoding.UTF8.GetBytes(key)) : Encoding.ASCII.GetString(token) == key);
        }, iter: 2000);

    private static string Written(string key, bool base64)
    {
        var writer = new ArrayBufferWriter<byte>();
        KeyEncoder.Write(writer, key, base64);
        return Encoding.ASCII.GetString(writer.WrittenSpan);
    }
}
