namespace Memcached;

/// <summary>The result of a store, delete or touch: what the server said and, after a store, the new CAS token.</summary>
/// <param name="Status">What the server answered.</param>
/// <param name="Cas">The item's new CAS token after a successful store; 0 otherwise.</param>
public readonly record struct MemcachedResult(MemcachedStatus Status, ulong Cas = 0)
{
    /// <summary>Whether the operation took effect (<see cref="MemcachedStatus.Stored"/>, <see cref="MemcachedStatus.Deleted"/> or <see cref="MemcachedStatus.Hit"/>).</summary>
    public bool Succeeded => Status is MemcachedStatus.Stored or MemcachedStatus.Deleted or MemcachedStatus.Hit;
}

/// <summary>The result of an increment or decrement.</summary>
/// <param name="Status"><see cref="MemcachedStatus.Hit"/> when the counter was changed (or created), <see cref="MemcachedStatus.NotFound"/> when it does not exist.</param>
/// <param name="Value">The counter's value after the operation.</param>
public readonly record struct CounterResult(MemcachedStatus Status, ulong Value);
