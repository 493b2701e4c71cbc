namespace Drill.Workload;

/// <summary>What a verification found wrong: a lost value (gone or never seen) or a stale one (an older value the user had replaced).</summary>
/// <param name="Lost">Some value the user wrote is missing or wrong.</param>
/// <param name="Stale">Some value is one the user had already overwritten.</param>
/// <param name="Detail">Which keys, expected and seen (no session ids).</param>
internal sealed record Mismatch(bool Lost, bool Stale, string Detail);

/// <summary>
/// What one user's session must hold: per key the value the user last wrote and acknowledged. After a write whose
/// outcome is unknown (an error: it may or may not have been applied) both the old and the new value are accepted
/// until the next read settles it; that is an HTTP error, not a verification failure.
/// </summary>
internal sealed class ExpectedSession
{
    private const int HistoryLength = 64;
    private readonly Dictionary<string, Expectation> _keys = new(StringComparer.Ordinal);

    /// <summary>Whether a write's outcome is unknown (the next request should read).</summary>
    public bool IsUncertain => _keys.Values.Any(e => e.Possible.Count > 1);

    /// <summary>Whether the user has written anything the session must hold.</summary>
    public bool HasValues => _keys.Values.Any(e => e.Possible.Any(p => p is not null));

    /// <summary>The value the session holds under <paramref name="key"/> (null: none); only meaningful when not uncertain.</summary>
    public string? Current(string key) => _keys.TryGetValue(key, out var e) ? e.Possible[0] : null;

    /// <summary>Keys with a value, starting with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> KeysWith(string prefix) =>
        _keys.Where(k => k.Key.StartsWith(prefix, StringComparison.Ordinal) && k.Value.Possible.Any(p => p is not null)).Select(k => k.Key).ToList();

    /// <summary>The front-end acknowledged the write: the session holds <paramref name="value"/> (null: removed).</summary>
    public void Acknowledged(string key, string? value)
    {
        var e = Get(key);
        foreach (var old in e.Possible)
        {
            e.Remember(old);
        }

        e.Possible.Clear();
        e.Possible.Add(value);
    }

    /// <summary>The write failed with an unknown outcome: the session holds the old value or <paramref name="value"/>.</summary>
    public void Unknown(string key, string? value)
    {
        var e = Get(key);
        if (!e.Possible.Contains(value))
        {
            e.Possible.Add(value);
        }
    }

    /// <summary>
    /// Compares what a response showed (<paramref name="observed"/>, the keys in <paramref name="inScope"/> only) with what
    /// the user wrote; returns the mismatch, or null. Afterwards the model holds what was observed, so one loss is counted once.
    /// </summary>
    public Mismatch? Verify(IReadOnlyDictionary<string, string> observed, Func<string, bool> inScope)
    {
        var lost = false;
        var stale = false;
        var details = new List<string>();
        foreach (var key in _keys.Keys.Where(inScope).Union(observed.Keys.Where(inScope)).ToList())
        {
            var seen = observed.GetValueOrDefault(key);
            var e = Get(key);
            if (!e.Possible.Contains(seen))
            {
                var isStale = seen is not null && e.History.Contains(seen);
                stale |= isStale;
                lost |= !isStale;
                details.Add($"{key}: expected {string.Join(" or ", e.Possible.Select(Show))}, saw {Show(seen)}");
            }

            if (e.Possible.Count != 1 || e.Possible[0] != seen)
            {
                e.Possible.Clear();
                e.Possible.Add(seen);
            }
        }

        return details.Count == 0 ? null : new Mismatch(lost, stale, string.Join("; ", details));
    }

    private static string Show(string? value) => value ?? "(none)";

    private Expectation Get(string key)
    {
        if (!_keys.TryGetValue(key, out var e))
        {
            e = new Expectation();
            _keys[key] = e;
        }

        return e;
    }

    private sealed class Expectation
    {
        public List<string?> Possible { get; } = [null];

        public List<string> History { get; } = [];

        public void Remember(string? value)
        {
            if (value is null)
            {
                return;
            }

            History.Add(value);
            if (History.Count > HistoryLength)
            {
                History.RemoveAt(0);
            }
        }
    }
}
