using System.Buffers;

namespace Orleans.Storage;

/// <summary>Joins a record's header and its payload into one sequence, so the payload is sent without a copy.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Of(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
    {
        if (second.IsEmpty)
        {
            return new ReadOnlySequence<byte>(first);
        }

        var head = new Segments(first, 0);
        var tail = new Segments(second, first.Length);
        head.Next = tail;
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }
}
