using Memcached;
using Orleans.Storage;

namespace Sessions;

internal sealed partial class SessionGrain
{
    /// <inheritdoc />
    public async Task<CommitResult> CommitAsync(SessionCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Now;
        var before = Current;
        var live = before.HasSession && !IsExpired(before, now);
        if (live && before.TryFindCommit(commit.CommitId, out var appliedVersion))
        {
            _services.Metrics.Committed("duplicate", !_dirty);
            return new CommitResult { Version = appliedVersion, Durable = !_dirty };
        }

        if (!live && commit.RequiresSession)
        {
            // The committer's session ended under it (logout, regenerate, expiry): its id stays dead.
            _services.Metrics.Committed("gone", !_dirty);
            return new CommitResult { Version = 0, Durable = !_dirty, Gone = true, Host = RuntimeIdentity };
        }

        try
        {
            SessionLimits.Check(commit, live ? before.Values : [], Options);
        }
        catch (SessionLimitExceededException)
        {
            _services.Metrics.Committed("rejected", !_dirty);
            throw;
        }

        if (before.HasSession && !live)
        {
            await ExpireAsync(deleteRecord: false).ConfigureAwait(true);
        }

        var next = live ? before.Copy() : NewSession(now);
        next.Values = SessionLimits.Apply(commit, next.Values);
        next.Version++;
        next.LastAccessedAt = now;
        if (commit.IdleTimeout is { } idle)
        {
            next.IdleTimeout = idle;
        }

        next.RecordTtl = next.IdleTimeout + Options.ExpiryMargin;
        next.RememberCommit(commit.CommitId, next.Version, Options.RememberedCommits);
        _record.State = next;

        bool durable;
        try
        {
            durable = await PersistChangeAsync("commit").ConfigureAwait(true);
        }
        catch (MemcachedStorageException ex) when (ex.Kind == MemcachedErrorKind.TooLarge)
        {
            _record.State = before;

            _services.Metrics.Committed("rejected", !_dirty);
            throw new SessionLimitExceededException($"The session is too large for storage ({ex.Message}); nothing was changed.", ex);
        }
        catch (SessionConflictException)
        {
            // Another activation's version is loaded: no copy leased from this one may stay.
            await EndLeasesAsync(except: null, long.MaxValue).ConfigureAwait(true);
            _services.Metrics.Committed("conflict", true);
            throw;
        }

        await EndLeasesAsync(commit.CacheHolder, next.Version).ConfigureAwait(true);
        ArmExpiryTimer();
        if (next.UserId is { } user && live && (next.IdleTimeout != before.IdleTimeout || now - _indexReportedAt >= TouchIntervalOf(next)))
        {
            // The index lists an entry until the expiry it was told, and memcached keeps the index only a margin past the
            // latest one: a shorter timeout must reach it, and so must activity that only commits (a commit stands in for
            // the touch that would otherwise report it).
            await ReportToIndexAsync(user).ConfigureAwait(true);
        }

        _services.Metrics.Committed("applied", durable);
        var lease = commit.CacheHolder is { } holder ? GrantLease(holder) : TimeSpan.Zero;
        var onBase = live && commit.BaseVersion == before.Version && commit.BaseCreatedAt == before.CreatedAt;
        return new CommitResult
        {
            Version = next.Version,
            Durable = durable,
            Created = !live,

            // Applied on the committer's own copy: it builds the new one itself, no need to send the values back.
            Snapshot = lease > TimeSpan.Zero && !onBase ? Snapshot(Current, lease) : null,
            OnBase = onBase,
            ReadLease = lease,
            LastAccessedAt = next.LastAccessedAt,
            Host = RuntimeIdentity,
        };
    }
}
