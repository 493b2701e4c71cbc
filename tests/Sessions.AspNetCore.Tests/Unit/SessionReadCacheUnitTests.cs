using System.Diagnostics;
using Sessions.AspNetCore.Store;

namespace Sessions.AspNetCore.Tests.Unit;

/// <summary>The read cache's version rules: an eviction keeps older copies out, a newer copy is never replaced by an older one, a lease never outlives its start.</summary>
public sealed class SessionReadCacheUnitTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_copy_answered_before_an_eviction_but_arriving_after_it_is_refused_and_a_newer_one_is_kept()
    {
        var cache = new SessionReadCache(null!, capacity: 10);
        long sent = Stopwatch.GetTimestamp();
        await cache.EvictAsync("s", version: 5, Lease);

        cache.Keep("s", Snapshot(4), sent);
        Assert.Null(cache.TryGet("s"));

        cache.Keep("s", Snapshot(5), sent);
        Assert.Equal(5, cache.TryGet("s")!.Version);
    }

    [Fact]
    public async Task An_older_copy_or_an_older_eviction_never_replaces_a_newer_copy_but_a_newer_eviction_drops_it()
    {
        var cache = new SessionReadCache(null!, capacity: 10);
        cache.Keep("s", Snapshot(7), Stopwatch.GetTimestamp());
        cache.Keep("s", Snapshot(6), Stopwatch.GetTimestamp());
        await cache.EvictAsync("s", version: 7, Lease);
        Assert.Equal(7, cache.TryGet("s")!.Version);

        await cache.EvictAsync("s", version: long.MaxValue, Lease);
        Assert.Null(cache.TryGet("s"));
        cache.Keep("s", Snapshot(8), Stopwatch.GetTimestamp());
        Assert.Null(cache.TryGet("s"));
    }

    [Fact]
    public void A_copy_without_a_lease_or_whose_lease_ran_out_in_transit_is_not_kept_and_a_full_cache_takes_no_more()
    {
        var cache = new SessionReadCache(null!, capacity: 1);
        cache.Keep("s", Snapshot(1, TimeSpan.Zero), Stopwatch.GetTimestamp());
        Assert.Null(cache.TryGet("s"));
        cache.Keep("s", Snapshot(1), Stopwatch.GetTimestamp() - (2 * (long)Lease.TotalSeconds * Stopwatch.Frequency));
        Assert.Null(cache.TryGet("s"));

        cache.Keep("s", Snapshot(1), Stopwatch.GetTimestamp());
        cache.Keep("t", Snapshot(1), Stopwatch.GetTimestamp());
        Assert.NotNull(cache.TryGet("s"));
        Assert.Null(cache.TryGet("t"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_disabled_cache_keeps_nothing()
    {
        var cache = new SessionReadCache(null!, capacity: 0);
        cache.Keep("s", Snapshot(1), Stopwatch.GetTimestamp());
        Assert.False(cache.Enabled);
        Assert.Null(cache.TryGet("s"));
    }

    [Fact]
    public void A_new_version_is_kept_compact_and_a_renewed_lease_on_it_keeps_the_values_held_but_the_same_version_of_another_life_of_the_session_does_not()
    {
        var cache = new SessionReadCache(null!, capacity: 10);
        var first = Snapshot(3);
        var held = cache.Keep("s", first, Stopwatch.GetTimestamp());
        Assert.IsType<SessionValues>(held.Values);
        Assert.Equal(first.Values, held.Values);
        Assert.Same(held, cache.TryGet("s"));

        var renewal = Snapshot(3, lease: TimeSpan.FromMinutes(2));
        var kept = cache.Keep("s", renewal, Stopwatch.GetTimestamp());
        Assert.Same(held.Values, kept.Values);
        Assert.Equal(renewal.ReadLease, kept.ReadLease);
        Assert.Same(kept, cache.TryGet("s"));

        var otherLife = Snapshot(3, createdAt: DateTimeOffset.UnixEpoch.AddSeconds(1));
        kept = cache.Keep("s", otherLife, Stopwatch.GetTimestamp());
        Assert.NotSame(held.Values, kept.Values);
        Assert.Equal(otherLife.CreatedAt, kept.CreatedAt);
        Assert.Same(kept, cache.TryGet("s"));
    }

    [Fact]
    public async Task A_closed_cache_serves_and_keeps_nothing_and_names_each_live_lease_once_whether_held_or_granted_after_it_closed()
    {
        var cache = new SessionReadCache(null!, capacity: 10);
        cache.Keep("held", Snapshot(1), Stopwatch.GetTimestamp());
        await cache.EvictAsync("evicted", version: 3, Lease);

        Assert.Equal(["held"], cache.Close());
        Assert.False(cache.Enabled);
        Assert.Null(cache.TryGet("held"));

        cache.Keep("late", Snapshot(1), Stopwatch.GetTimestamp());
        cache.Keep("unleased", Snapshot(1, TimeSpan.Zero), Stopwatch.GetTimestamp());
        Assert.Null(cache.TryGet("late"));
        Assert.Equal(0, cache.Count);
        Assert.Equal(["late"], cache.TakeLeasedAfterClose());
        Assert.Empty(cache.TakeLeasedAfterClose());
    }

    private static SessionSnapshot Snapshot(long version, TimeSpan? lease = null, DateTimeOffset? createdAt = null) => new()
    {
        Values = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["value"] = [(byte)version] },
        Version = version,
        CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch,
        LastAccessedAt = DateTimeOffset.UnixEpoch,
        IdleTimeout = TimeSpan.FromMinutes(20),
        ReadLease = lease ?? Lease,
    };
}
