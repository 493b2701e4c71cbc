using Memcached;

namespace Orleans.Storage;

/// <summary>
/// What this process last saw stored for one grain-state object, with a single replica: the record's stamp
/// on <see cref="Node"/> under CAS token <see cref="Cas"/>, read while the node's connection epoch was
/// <see cref="Epoch"/>. The next write presenting that stamp can compare-and-swap directly (one round trip)
/// instead of reading the head first: the CAS succeeds only if the item is still exactly that record, and
/// the epoch rules out a restarted server whose new CAS counter could repeat the token.
/// </summary>
internal sealed record WriteHint(string Key, StateETag Stamp, IMemcachedNode Node, long Epoch, ulong Cas, ChunkSet? Chunks);
