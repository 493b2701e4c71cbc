using Memcached;

namespace Orleans.Storage;

/// <summary>What one replica holds under a state's head key, as last read.</summary>
internal enum HeadState
{
    /// <summary>The node did not answer (<see cref="ReplicaHead.Error"/>).</summary>
    Failed,

    /// <summary>No item.</summary>
    Missing,

    /// <summary>An item that is not a valid record of this state (<see cref="ReplicaHead.Problem"/>).</summary>
    Corrupt,

    /// <summary>A valid record (<see cref="ReplicaHead.Record"/>).</summary>
    Valid,
}

/// <summary>
/// The head item of a state on one replica node: read once, then kept (with its CAS token and pooled
/// value) for the decisions of one operation. Dispose it to return the value's buffer.
/// </summary>
internal sealed class ReplicaHead(IMemcachedNode node, IMemcachedClient view) : IDisposable
{
    private GetResult _item;

    public IMemcachedNode Node { get; } = node;

    /// <summary>The client view pinned to <see cref="Node"/>.</summary>
    public IMemcachedClient View { get; } = view;

    public HeadState State { get; private set; } = HeadState.Failed;

    /// <summary>The item as read (valid until disposed).</summary>
    public ref readonly GetResult Item => ref _item;

    public StateRecord Record { get; private set; }

    public string Problem { get; private set; } = string.Empty;

    public MemcachedException? Error { get; private set; }

    /// <summary>The node's <see cref="IMemcachedNode.ConnectionEpoch"/> just before the read: the CAS token is from that server process while it is unchanged.</summary>
    public long Epoch { get; private set; }

    /// <summary>The record's stamp when <see cref="State"/> is <see cref="HeadState.Valid"/>.</summary>
    public StateETag? Stamp => State == HeadState.Valid ? Record.Stamp : null;

    /// <summary>Set when the record's chunks on this node are missing or damaged although its head is current.</summary>
    public bool ChunksDamaged { get; set; }

    /// <summary>Whether this replica holds <paramref name="stamp"/> or a newer record.</summary>
    public bool HoldsAtLeast(StateETag stamp) => State == HeadState.Valid && Record.Stamp >= stamp;

    /// <summary>Reads the head; a memcached failure is kept in <see cref="Error"/>, not thrown.</summary>
    public async Task ReadAsync(string key, string logicalKey)
    {
        Epoch = Node.ConnectionEpoch;
        try
        {
            _item = await View.GetAsync(key).ConfigureAwait(false);
        }
        catch (MemcachedException ex)
        {
            State = HeadState.Failed;
            Error = ex;
            return;
        }

        if (!_item.IsHit)
        {
            State = HeadState.Missing;
        }
        else if (StateRecord.TryRead(_item.Value, logicalKey, out var record, out var problem))
        {
            State = HeadState.Valid;
            Record = record;
        }
        else
        {
            State = HeadState.Corrupt;
            Problem = problem;
        }
    }

    public void Dispose() => _item.Dispose();
}
