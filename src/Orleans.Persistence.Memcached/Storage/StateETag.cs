using System.Globalization;
using System.Numerics;

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
    /// <remarks>Written digit by digit: every write and read hands one out, and general number formatting costs several times more.</remarks>
    public override string ToString() => string.Create(HexLength(Version) + 1 + HexLength(WriteId), this, static (text, etag) =>
    {
        var dash = HexLength(etag.Version);
        WriteHex(text[..dash], etag.Version);
        text[dash] = '-';
        WriteHex(text[(dash + 1)..], etag.WriteId);
    });

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

    /// <summary>Digits of <paramref name="value"/> in hex, without leading zeros (one for zero).</summary>
    private static int HexLength(ulong value) => Math.Max(1, (64 - BitOperations.LeadingZeroCount(value) + 3) / 4);

    /// <summary>Writes <paramref name="value"/> in lowercase hex into all of <paramref name="digits"/>.</summary>
    private static void WriteHex(Span<char> digits, ulong value)
    {
        for (var i = digits.Length - 1; i >= 0; i--, value >>= 4)
        {
            digits[i] = "0123456789abcdef"[(int)(value & 0xF)];
        }
    }

    public static bool operator <(StateETag left, StateETag right) => left.CompareTo(right) < 0;

    public static bool operator >(StateETag left, StateETag right) => left.CompareTo(right) > 0;

    public static bool operator <=(StateETag left, StateETag right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StateETag left, StateETag right) => left.CompareTo(right) >= 0;
}
