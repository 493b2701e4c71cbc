namespace Orleans.Storage;

/// <summary>Which stored data a read found missing.</summary>
internal enum MissingReason
{
    /// <summary>A record the caller held an ETag for is on no replica.</summary>
    Record,

    /// <summary>One replica lacks a record that another holds.</summary>
    Replica,

    /// <summary>A chunk of a large record is gone.</summary>
    Chunk,
}

/// <summary>What brought a lagging replica up to date.</summary>
internal enum RepairTrigger
{
    /// <summary>A read that served a newer copy from another replica.</summary>
    Read,

    /// <summary>A write that found the replica behind the version it replaced.</summary>
    Write,
}
