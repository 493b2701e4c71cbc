using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// A session's values as this front-end keeps them: one array of pairs sorted by key (ordinal), found by binary search.
/// Immutable, so requests and the read cache share one instance. Every commit leaves such a copy in the read cache for
/// the session's next requests, and each gen-0 collection has to promote what is left there since the last one: two
/// objects here against a dictionary's three, and half of its bytes (for 11 values, about 220 bytes against 440,
/// besides the keys and values themselves).
/// </summary>
internal sealed class SessionValues : IReadOnlyDictionary<string, byte[]>
{
    private static readonly Comparison<KeyValuePair<string, byte[]>> s_byKey = static (a, b) => string.CompareOrdinal(a.Key, b.Key);

    private readonly KeyValuePair<string, byte[]>[] _items;

    private SessionValues(KeyValuePair<string, byte[]>[] items) => _items = items;

    /// <summary>No values.</summary>
    public static SessionValues Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Select(static item => item.Key);

    /// <inheritdoc />
    public IEnumerable<byte[]> Values => _items.Select(static item => item.Value);

    /// <inheritdoc />
    public byte[] this[string key] => TryGetValue(key, out byte[]? value) ? value : throw new KeyNotFoundException("The session holds no value under this key.");

    /// <summary><paramref name="values"/> in this form (itself when it already is; keys and values are shared, not copied).</summary>
    public static SessionValues From(IReadOnlyDictionary<string, byte[]> values) =>
        values as SessionValues ?? (values.Count == 0 ? Empty : new SessionValues(Sorted(values)));

    /// <summary>
    /// The values after a commit: <paramref name="stored"/> (nothing when <paramref name="clear"/>), without
    /// <paramref name="removes"/>, with <paramref name="sets"/> on top; in one pass over the sorted keys.
    /// </summary>
    public static SessionValues Apply(IReadOnlyDictionary<string, byte[]> stored, bool clear, IReadOnlyCollection<string> removes, IReadOnlyDictionary<string, byte[]> sets)
    {
        KeyValuePair<string, byte[]>[] old = clear ? [] : stored is SessionValues compact ? compact._items : Sorted(stored);
        KeyValuePair<string, byte[]>[] added = Sorted(sets);
        string[] removed = removes.Count == 0 ? [] : [.. removes];
        Array.Sort(removed, string.CompareOrdinal);

        var merged = new KeyValuePair<string, byte[]>[old.Length + added.Length];
        int count = 0;
        int o = 0;
        int a = 0;
        int r = 0;
        while (o < old.Length || a < added.Length)
        {
            int order = o == old.Length ? 1 : a == added.Length ? -1 : string.CompareOrdinal(old[o].Key, added[a].Key);
            if (order >= 0)
            {
                // A set replaces the stored value of its key.
                merged[count++] = added[a++];
                if (order == 0)
                {
                    o++;
                }

                continue;
            }

            string key = old[o].Key;
            while (r < removed.Length && string.CompareOrdinal(removed[r], key) < 0)
            {
                r++;
            }

            if (r == removed.Length || !string.Equals(removed[r], key, StringComparison.Ordinal))
            {
                merged[count++] = old[o];
            }

            o++;
        }

        return count == 0 ? Empty : new SessionValues(count == merged.Length ? merged : merged[..count]);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out byte[] value)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            value = null;
            return false;
        }

        value = _items[index].Value;
        return true;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, byte[]>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, byte[]>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static KeyValuePair<string, byte[]>[] Sorted(IReadOnlyDictionary<string, byte[]> values)
    {
        var items = new KeyValuePair<string, byte[]>[values.Count];
        int count = 0;
        foreach (KeyValuePair<string, byte[]> item in values)
        {
            items[count++] = item;
        }

        Array.Sort(items, s_byKey);
        return items;
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int low = 0;
        int high = _items.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = string.CompareOrdinal(_items[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }
}
