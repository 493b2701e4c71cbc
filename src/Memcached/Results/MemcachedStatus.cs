namespace Memcached;

/// <summary>The outcome of a memcached operation that reached the server.</summary>
public enum MemcachedStatus
{
    /// <summary>The item was found (get, touch, increment/decrement).</summary>
    Hit,

    /// <summary>The item was not found by a get.</summary>
    Miss,

    /// <summary>The item was stored.</summary>
    Stored,

    /// <summary>The item was not stored: add on an existing key, or replace/append/prepend on a missing key.</summary>
    NotStored,

    /// <summary>A compare-and-swap failed: the item has changed since the given CAS value was read.</summary>
    Exists,

    /// <summary>The item was not found (delete, touch, increment/decrement, CAS on a missing key).</summary>
    NotFound,

    /// <summary>The item was deleted.</summary>
    Deleted,
}
