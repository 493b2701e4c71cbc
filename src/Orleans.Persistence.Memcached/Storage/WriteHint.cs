using Memcached;

namespace Orleans.Storage;

/// <summary>
/// What this process last saw stored for one grain-state object, with a single replica: the record's stamp
/// on <see cref="Node"/> under CAS token <see cref="Cas"/>, read while the node's connection epoch was
/// <see cref="Epoch"/>. The next write presenting that stamp can compare-and-swap directly (one round trip)
/// instead of reading the head first: the CAS succeeds only if the item is still exactly that record, and
/// the epoch rules out a restarted server whose new CAS counter could repeat the token.
/// <para>
/// Immutable: a hint is replaced whole, never torn. It carries the stamp's ETag text as handed to the grain, so a
/// grain presenting that very string needs no parsing, and a read that finds the same record hands out the same string.
/// </para>
/// </summary>
internal sealed class WriteHint(string key, StateETag stamp, IMemcachedNode node, long epoch, ulong cas, ChunkSet? chunks)
{
    public string Key { get; } = key;

    public StateETag Stamp { get; } = stamp;

    public string ETag { get; } = stamp.ToString();

    public IMemcachedNode Node { get; } = node;

    public long Epoch { get; } = epoch;

    public ulong Cas { get; } = cas;

    public ChunkSet? Chunks { get; } = chunks;

    /// <summary>Whether this hint says exactly what a new one built from these values would.</summary>
    public bool Describes(string key, StateETag stamp, IMemcachedNode node, long epoch, ulong cas) =>
        Chunks is null && Cas == cas && Stamp == stamp && Epoch == epoch && ReferenceEquals(Node, node) && string.Equals(Key, key, StringComparison.Ordinal);
}
