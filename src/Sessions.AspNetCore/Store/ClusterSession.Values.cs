using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sessions.AspNetCore.Store;

/// <summary>Reads and the request's net changes, with the limits checked before anything is sent.</summary>
internal sealed partial class ClusterSession
{
    private bool _cleared;
    private Dictionary<string, byte[]>? _sets;
    private HashSet<string>? _removes;

    // The grain holds the session with another idle timeout than SessionOptions.IdleTimeout (a bind created it): commit it.
    private bool _idleTimeoutPending;

    // Bumped by every change; a retried commit keeps its id only while nothing changed since (see Commit).
    private int _changes;

    // Key count and size (UTF-8 keys plus values) of the current view, computed on the first change.
    private int _viewKeys = -1;
    private long _viewBytes;

    /// <summary>Whether the request changed the session since the last commit.</summary>
    internal bool IsDirty => _cleared || _sets is { Count: > 0 } || _removes is { Count: > 0 } || _idleTimeoutPending;

    /// <inheritdoc />
    public IEnumerable<string> Keys
    {
        get
        {
            if (!Readable())
            {
                return [];
            }

            var keys = new List<string>(_stored.Count + (_sets?.Count ?? 0));
            if (!_cleared)
            {
                foreach (string key in _stored.Keys)
                {
                    if (_removes?.Contains(key) != true && _sets?.ContainsKey(key) != true)
                    {
                        keys.Add(key);
                    }
                }
            }

            if (_sets is not null)
            {
                keys.AddRange(_sets.Keys);
            }

            return keys;
        }
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Readable())
        {
            value = null;
            return false;
        }

        // A copy: the loaded values may be shared with other requests (this front-end's read cache).
        if (!TryGetCurrent(key, out byte[]? current))
        {
            value = null;
            return false;
        }

        value = current.AsSpan().ToArray();
        return true;
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        CheckWritable();
        CheckLimits(key, value);
        BeginChange();
        byte[] copy = value.AsSpan().ToArray();
        (_sets ??= new Dictionary<string, byte[]>(StringComparer.Ordinal))[key] = copy;
        _removes?.Remove(key);
        _changes++;
    }

    /// <inheritdoc />
    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Readable() || !TryGetCurrent(key, out byte[]? old))
        {
            return;
        }

        CheckWritable();
        BeginChange();
        if (_viewKeys >= 0)
        {
            _viewKeys--;
            _viewBytes -= Encoding.UTF8.GetByteCount(key) + old.Length;
        }

        _sets?.Remove(key);
        if (!_cleared && _stored.ContainsKey(key))
        {
            (_removes ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
        }

        _changes++;
    }

    /// <inheritdoc />
    public void Clear()
    {
        if (!Readable() || (!_exists && _sets is not { Count: > 0 }))
        {
            return;
        }

        CheckWritable();
        BeginChange();
        _cleared = true;
        _sets?.Clear();
        _removes?.Clear();
        _viewKeys = 0;
        _viewBytes = 0;
        _changes++;
    }

    private bool TryGetCurrent(string key, [NotNullWhen(true)] out byte[]? value)
    {
        if (_sets is not null && _sets.TryGetValue(key, out value))
        {
            return true;
        }

        if (!_cleared && _removes?.Contains(key) != true && _stored.TryGetValue(key, out value))
        {
            return true;
        }

        value = null;
        return false;
    }

    // Reads see the loaded values; an ignored request sees nothing; a failed load throws when the options say to fail.
    private bool Readable()
    {
        EnsureLoaded();
        switch (_loadState)
        {
            case LoadState.Loaded:
                return true;
            case LoadState.Failed when _services.Options.FailRequestOnError:
                throw _loadFailure!;
            default:
                return false;
        }
    }

    private void CheckWritable()
    {
        EnsureLoaded();
        if (_loadState == LoadState.Ignored)
        {
            throw new InvalidOperationException("The session is not available to requests that match ClusterSessions:IgnorePattern.");
        }

        if (_loadState == LoadState.Failed && _services.Options.FailRequestOnError)
        {
            throw _loadFailure!;
        }
    }

    private void BeginChange()
    {
        if (_isNewKey && !_tryEstablishSession())
        {
            throw new InvalidOperationException("The session cannot be established after the response has started.");
        }

        if (_rekeyBeforeWrite)
        {
            Rekey();
        }

        EnsureResponseHook();
    }

    private void CheckLimits(string key, byte[] value)
    {
        ClusterSessionOptions limits = _services.Options;
        if (limits.MaxKeyLength > 0 && key.Length > limits.MaxKeyLength)
        {
            throw new SessionLimitExceededException(SessionLimit.KeyLength, limits.MaxKeyLength, key.Length);
        }

        if (limits.MaxValueSize > 0 && value.Length > limits.MaxValueSize)
        {
            throw new SessionLimitExceededException(SessionLimit.ValueSize, limits.MaxValueSize, value.Length);
        }

        if (_loadState != LoadState.Loaded || (limits.MaxKeys <= 0 && limits.MaxTotalSize <= 0))
        {
            return;
        }

        MeasureView();
        int keyBytes = Encoding.UTF8.GetByteCount(key);
        int keys = _viewKeys;
        long bytes = _viewBytes + value.Length;
        if (TryGetCurrent(key, out byte[]? old))
        {
            bytes -= old.Length;
        }
        else
        {
            keys++;
            bytes += keyBytes;
        }

        if (limits.MaxKeys > 0 && keys > limits.MaxKeys)
        {
            throw new SessionLimitExceededException(SessionLimit.KeyCount, limits.MaxKeys, keys);
        }

        if (limits.MaxTotalSize > 0 && bytes > limits.MaxTotalSize)
        {
            throw new SessionLimitExceededException(SessionLimit.TotalSize, limits.MaxTotalSize, bytes);
        }

        _viewKeys = keys;
        _viewBytes = bytes;
    }

    private void MeasureView()
    {
        if (_viewKeys >= 0)
        {
            return;
        }

        int keys = 0;
        long bytes = 0;
        foreach (string key in Keys)
        {
            _ = TryGetCurrent(key, out byte[]? value);
            keys++;
            bytes += Encoding.UTF8.GetByteCount(key) + (value?.Length ?? 0);
        }

        _viewKeys = keys;
        _viewBytes = bytes;
    }

    private void DiscardChanges()
    {
        _cleared = false;
        _sets?.Clear();
        _removes?.Clear();
        _idleTimeoutPending = false;
        _viewKeys = -1;
        _changes++;
    }
}
