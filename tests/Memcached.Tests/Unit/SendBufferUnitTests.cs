using Memcached.Connections;

namespace Memcached.Tests.Unit;

public sealed class SendBufferUnitTests
{
    [Fact]
    public void Batches_that_outgrow_the_buffer_keep_every_byte_in_order_and_the_buffer_is_reusable_after_a_reset()
    {
        var buffer = new SendBuffer();
        foreach (int batchSize in new[] { 100, 600_000, 3_000, 9_000_000, 10 })
        {
            byte[] expected = new byte[batchSize];
            Random.Shared.NextBytes(expected);

            for (int offset = 0; offset < batchSize;)
            {
                int piece = Math.Min(batchSize - offset, 1 + Random.Shared.Next(70_000));
                expected.AsSpan(offset, piece).CopyTo(buffer.GetSpan(piece));
                buffer.Advance(piece);
                offset += piece;
            }

            Assert.Equal(batchSize, buffer.WrittenCount);
            Assert.True(buffer.WrittenMemory.Span.SequenceEqual(expected));
            buffer.Reset();
            Assert.Equal(0, buffer.WrittenCount);
        }
    }
}
