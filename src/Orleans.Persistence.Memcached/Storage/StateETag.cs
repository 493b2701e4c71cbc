using System.Globalization;

namespace Orleans.Storage;

/// <summary>
/// The ETag handed to Orleans: the record's logical version and the memcached CAS token of the
/// stored item, <c>&lt;version&gt;-&lt;cas&gt;</c> in hex. Writes compare-and-swap on that token, so the
/// ETag check is atomic on the server and costs no extra round trip; every write gets a new one.
/// </summary>
internal readonly record struct StateETag(ulong Version, ulong Cas)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Version:x}-{Cas:x}");

    /// <summary>Parses an ETag this provider issued; anything else (including a foreign ETag) is not one.</summary>
    public static bool TryParse(string? text, out StateETag etag)
    {
        etag = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0
            || !ulong.TryParse(text.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var version)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cas)
            || cas == 0)
        {
            return false;
        }

        etag = new StateETag(version, cas);
        return true;
    }
}
