using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Tests.Conformance;

/// <summary>The record format on its own: round trips, the version-2 format still read, every flipped bit rejected.</summary>
public sealed class StateRecordUnitTests
{
    private const string Key = "state/bench/grain-1";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(65536)]
    public void A_written_record_reads_back_with_its_fields_and_body(int size)
    {
        var body = Body(size);
        var bytes = Write(body, version2: false);

        Assert.True(StateRecord.TryRead(bytes, Key, out var record, out var problem), problem);
        Assert.Equal(new StateETag(0x1234, 0x77), record.Stamp);
        Assert.Equal(RecordFlags.Compressed, record.Flags);
        Assert.Equal(size + 5, record.RawLength);
        Assert.Equal(body, record.Body.ToArray());
        Assert.Equal(0x03, bytes[3]);
    }

    [Fact]
    public void A_version_2_record_is_still_read()
    {
        var body = Body(300);
        var bytes = Write(body, version2: true);

        Assert.Equal(0x02, bytes[3]);
        Assert.True(StateRecord.TryRead(bytes, Key, out var record, out var problem), problem);
        Assert.Equal(new StateETag(0x1234, 0x77), record.Stamp);
        Assert.Equal(body, record.Body.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Any_flipped_bit_outside_the_format_tag_is_rejected(bool version2)
    {
        var bytes = Write(Body(64), version2);
        for (var i = 4; i < bytes.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= (byte)(1 << bit);
                Assert.False(StateRecord.TryRead(damaged, Key, out _, out _), $"byte {i} bit {bit}");
            }
        }
    }

    [Fact]
    public void The_two_versions_checksum_differently()
    {
        var v3 = Write(Body(64), version2: false);
        var v2 = Write(Body(64), version2: true);
        v2[3] = 0x03; // a version-2 checksum under a version-3 tag

        Assert.NotEqual(v3.AsSpan(13, 8).ToArray(), v2.AsSpan(13, 8).ToArray());
        Assert.False(StateRecord.TryRead(v2, Key, out _, out var problem));
        Assert.Equal("checksum mismatch", problem);
    }

    private static byte[] Body(int size)
    {
        var body = new byte[size];
        new Random(size).NextBytes(body);
        return body;
    }

    private static byte[] Write(byte[] body, bool version2)
    {
        var buffer = new byte[StateRecord.MaxHeaderSize(Key) + body.Length];
        var record = new StateRecord(new StateETag(0x1234, 0x77), RecordFlags.Compressed, body.Length + 5, default);
        var header = version2 ? record.WriteVersion2HeaderTo(Key, buffer, body) : record.WriteHeaderTo(Key, buffer, body);
        body.CopyTo(buffer.AsSpan(header));
        return buffer[..(header + body.Length)];
    }
}
