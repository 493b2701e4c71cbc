using System.Buffers;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Tests.Conformance;

/// <summary>Encoding a head item: a payload serialized with room for the header gives the same bytes as one that is not.</summary>
public sealed class StoredRecordUnitTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5000)]
    [InlineData(70_000)]
    public void A_payload_with_header_room_encodes_to_the_same_head_as_one_without(int size)
    {
        var keys = new StateKeys("svc/");
        var grain = GrainId.Create("type", "ключ-1");
        var logical = StateKeys.Logical("state", grain);
        var address = new StateAddress("state", grain, logical, keys.Memcached(logical), keys);
        var body = new byte[size];
        new Random(size).NextBytes(body);
        var stamp = new StateETag(42, 7);

        using var pooled = SerializedPayload.Pooled(address.HeaderLength);
        body.CopyTo(pooled.GetSpan(size));
        pooled.Advance(size);
        using var fromRoom = StoredRecord.Encode(address, stamp, RecordFlags.None, pooled, compressionThreshold: null, maxItemSize: 1024 * 1024);
        using var separate = StoredRecord.Encode(address, stamp, RecordFlags.None, SerializedPayload.Of(body), compressionThreshold: null, maxItemSize: 1024 * 1024);

        Assert.True(fromRoom.Head.IsSingleSegment);
        Assert.Equal(separate.Head.ToArray(), fromRoom.Head.ToArray());
        Assert.True(StateRecord.TryRead(fromRoom.Head.ToArray(), logical, out var record, out var problem), problem);
        Assert.Equal(stamp, record.Stamp);
        Assert.Equal(body, record.Body.ToArray());
    }

    [Fact]
    public void A_payload_that_grows_past_its_first_buffer_keeps_its_bytes()
    {
        using var payload = SerializedPayload.Pooled(50);
        var expected = new List<byte>();
        for (var i = 0; i < 300; i++)
        {
            var chunk = Enumerable.Repeat((byte)i, 100).ToArray();
            chunk.CopyTo(payload.GetSpan(chunk.Length));
            payload.Advance(chunk.Length);
            expected.AddRange(chunk);
        }

        Assert.Equal(expected.ToArray(), payload.Memory.ToArray());
        Assert.Equal(50, payload.HeaderRoom(50).Length);
    }
}
