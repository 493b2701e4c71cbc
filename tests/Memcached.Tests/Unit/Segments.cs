using System.Buffers;

namespace Memcached.Tests.Unit;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/> split at chosen offsets, as a socket delivers bytes.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var offsets = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToList();
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segments(bytes.AsMemory(0, offsets[0]), 0);
        var last = first;
        for (var i = 1; i < offsets.Count; i++)
        {
            var next = new Segments(bytes.AsMemory(offsets[i - 1], offsets[i] - offsets[i - 1]), offsets[i - 1]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
