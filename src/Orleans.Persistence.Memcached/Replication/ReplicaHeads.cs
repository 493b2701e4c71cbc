using Memcached;

namespace Orleans.Storage;

/// <summary>
/// The heads of one state on each of its current replica nodes, in ring order (the first is the
/// primary, where writes are decided), read in parallel.
/// </summary>
internal sealed class ReplicaHeads : IDisposable
{
    private readonly ReplicaHead[] _heads;

    private ReplicaHeads(ReplicaHead[] heads) => _heads = heads;

    public int Count => _heads.Length;

    public ReplicaHead this[int index] => _heads[index];

    public IEnumerable<ReplicaHead> All => _heads;

    /// <summary>The first failure of a node that did not answer, or null when every replica answered.</summary>
    public MemcachedException? FirstError => _heads.FirstOrDefault(h => h.State == HeadState.Failed)?.Error;

    /// <summary>Whether no replica answered.</summary>
    public bool AllFailed => _heads.All(h => h.State == HeadState.Failed);

    /// <summary>The replica holding the newest valid record (the first in ring order on a tie), or null when none holds one.</summary>
    public ReplicaHead? Newest
    {
        get
        {
            ReplicaHead? newest = null;
            foreach (var head in _heads)
            {
                if (head.State == HeadState.Valid && (newest is null || head.Record.Stamp > newest.Record.Stamp))
                {
                    newest = head;
                }
            }

            return newest;
        }
    }

    /// <summary>Whether some replica holds exactly <paramref name="stamp"/>.</summary>
    public bool Holds(StateETag stamp) => _heads.Any(h => h.Stamp == stamp);

    /// <summary>Reads the head of <paramref name="key"/> on every node of <paramref name="views"/> at once.</summary>
    public static async Task<ReplicaHeads> ReadAsync(IReadOnlyList<(IMemcachedNode Node, IMemcachedClient View)> views, string key, string logicalKey)
    {
        var heads = new ReplicaHead[views.Count];
        if (views.Count == 1)
        {
            heads[0] = new ReplicaHead(views[0].Node, views[0].View);
            await heads[0].ReadAsync(key, logicalKey).ConfigureAwait(false);
            return new ReplicaHeads(heads);
        }

        var reads = new Task[views.Count];
        for (var i = 0; i < views.Count; i++)
        {
            heads[i] = new ReplicaHead(views[i].Node, views[i].View);
            reads[i] = heads[i].ReadAsync(key, logicalKey);
        }

        await Task.WhenAll(reads).ConfigureAwait(false);
        return new ReplicaHeads(heads);
    }

    public void Dispose()
    {
        foreach (var head in _heads)
        {
            head.Dispose();
        }
    }
}
