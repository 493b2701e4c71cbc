using System.Globalization;

namespace Orleans.Storage;

/// <summary>
/// The identity of one stored version of a state, and the ETag handed to Orleans:
/// <c>&lt;version&gt;-&lt;write id&gt;</c> in hex. The version grows with every write of the record (it is
/// at least the writer's clock in Unix milliseconds, so a later write has a larger version); the write id
/// is random and unique per write. Records compare by version, then by write id: across replicas, the
/// larger one is the newer. The ETag means the same on every replica, unlike memcached's per-node CAS.
/// </summary>
internal readonly record struct StateETag(ulong Version, ulong WriteId) : IComparable<StateETag>
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Version:x}-{WriteId:x}");

    /// <summary>Parses an ETag this provider issued; anything else (including a foreign ETag) is not one.</summary>
    public static bool TryParse(string? text, out StateETag etag)
    {
        etag = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0
            || !ulong.TryParse(text.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var version)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var writeId)
            || writeId == 0)
        {
            return false;
        }

        etag = new StateETag(version, writeId);
        return true;
    }

    /// <summary>
    /// The stamp of a write that follows <paramref name="newest"/> (null: no record): a version above it and at
    /// least <paramref name="nowMilliseconds"/>, and a fresh random write id.
    /// </summary>
    public static StateETag Next(StateETag? newest, long nowMilliseconds)
    {
        var version = Math.Max((newest?.Version ?? 0) + 1, (ulong)Math.Max(nowMilliseconds, 1));
        ulong writeId;
        do
        {
            writeId = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        }
        while (writeId == 0);

        return new StateETag(version, writeId);
    }

    /// <inheritdoc />
    public int CompareTo(StateETag other) => Version != other.Version ? Version.CompareTo(other.Version) : WriteId.CompareTo(other.WriteId);

    public static bool operator <(StateETag left, StateETag right) => left.CompareTo(right) < 0;

    public static bool operator >(StateETag left, StateETag right) => left.CompareTo(right) > 0;

    public static bool operator <=(StateETag left, StateETag right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StateETag left, StateETag right) => left.CompareTo(right) >= 0;
}
