using System.Text;
using Sessions.Configuration;

namespace Sessions;

/// <summary>Checks a commit against the session limits before anything is applied, and applies it.</summary>
internal static class SessionLimits
{
    /// <summary>Throws when <paramref name="commit"/> on <paramref name="current"/> would exceed a limit or is malformed.</summary>
    /// <exception cref="SessionLimitExceededException">A limit would be exceeded.</exception>
    /// <exception cref="ArgumentException">A key or value is null or empty, or the idle timeout is out of range.</exception>
    public static void Check(SessionCommit commit, IReadOnlyDictionary<string, byte[]> current, SessionGrainOptions options)
    {
        if (commit.Set is null || commit.Remove is null)
        {
            throw new ArgumentException("A commit's Set and Remove must not be null.", nameof(commit));
        }

        if (commit.IdleTimeout is { } idle && (idle <= TimeSpan.Zero || idle > options.MaxIdleTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(commit), idle, $"The idle timeout must be positive and at most {options.MaxIdleTimeout}.");
        }

        var count = commit.Clear ? 0L : current.Count;
        var size = commit.Clear ? 0L : SizeOf(current);
        HashSet<string> removed = new(StringComparer.Ordinal);
        foreach (var key in commit.Remove)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(commit));
            if (!commit.Clear && current.TryGetValue(key, out var old) && removed.Add(key))
            {
                count--;
                size -= Encoding.UTF8.GetByteCount(key) + old.Length;
            }
        }

        foreach (var (key, value) in commit.Set)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("A session key must not be empty.", nameof(commit));
            }

            ArgumentNullException.ThrowIfNull(value, nameof(commit));
            if (key.Length > options.MaxKeyLength)
            {
                throw new SessionLimitExceededException(SessionLimit.KeyLength, options.MaxKeyLength, key.Length);
            }

            if (value.Length > options.MaxValueSize)
            {
                throw new SessionLimitExceededException(SessionLimit.ValueSize, options.MaxValueSize, value.Length);
            }

            if (!commit.Clear && !removed.Contains(key) && current.TryGetValue(key, out var replaced))
            {
                size += value.Length - replaced.Length;
            }
            else
            {
                count++;
                size += Encoding.UTF8.GetByteCount(key) + value.Length;
            }
        }

        if (count > options.MaxKeys)
        {
            throw new SessionLimitExceededException(SessionLimit.KeyCount, options.MaxKeys, count);
        }

        if (size > options.MaxTotalSize)
        {
            throw new SessionLimitExceededException(SessionLimit.TotalSize, options.MaxTotalSize, size);
        }
    }

    /// <summary>The values after <paramref name="commit"/>: a new dictionary (the current one may be in a snapshot being sent).</summary>
    public static Dictionary<string, byte[]> Apply(SessionCommit commit, Dictionary<string, byte[]> current)
    {
        var next = commit.Clear
            ? new Dictionary<string, byte[]>(commit.Set.Count, StringComparer.Ordinal)
            : new Dictionary<string, byte[]>(current, StringComparer.Ordinal);
        foreach (var key in commit.Remove)
        {
            next.Remove(key);
        }

        foreach (var (key, value) in commit.Set)
        {
            next[key] = value;
        }

        return next;
    }

    private static long SizeOf(IReadOnlyDictionary<string, byte[]> values)
    {
        long size = 0;
        foreach (var (key, value) in values)
        {
            size += Encoding.UTF8.GetByteCount(key) + value.Length;
        }

        return size;
    }
}
