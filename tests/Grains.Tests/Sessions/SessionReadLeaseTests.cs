using System.Collections.Concurrent;
using Orleans.Runtime;
using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>
/// Read leases: a front-end cache holding a lease is evicted before any change made elsewhere is acknowledged, the
/// committing cache gets the new version instead, and a cache that does not answer is waited out.
/// </summary>
public sealed class SessionReadLeaseTests(SessionReadLeaseTests.Cluster fixture) : IClassFixture<SessionReadLeaseTests.Cluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_leased_copy_is_evicted_with_the_new_version_before_a_change_made_elsewhere_is_acknowledged()
    {
        var id = await NewSessionAsync("color", "green");
        var cache = new RecordingCache();
        var holder = Holder(cache);

        var leased = await fixture.Sessions.LoadAsync(id, holder);
        Assert.NotNull(leased);
        Assert.Equal(fixture.Lease, leased.ReadLease);
        Assert.Equal("green", leased.Text("color"));
        Assert.Empty(cache.Evictions);

        var result = await fixture.NewClient().CommitAsync(id, Commits.Set(("color", "blue")));

        var eviction = Assert.Single(cache.Evictions);
        Assert.Equal((id, result.Version), (eviction.SessionId, eviction.Version));
        Assert.Equal(fixture.Lease, eviction.HoldOff);
    }

    [Fact]
    public async Task The_committing_cache_keeps_its_lease_and_gets_the_session_after_its_commit_unless_it_holds_it_already()
    {
        var id = await NewSessionAsync("a", "1");
        var cache = new RecordingCache();
        var holder = Holder(cache);
        var loaded = (await fixture.Sessions.LoadAsync(id, holder))!;
        Task<CommitResult> CommitOnAsync(string key, string value, long baseVersion, DateTimeOffset baseCreatedAt) =>
            fixture.Sessions.CommitAsync(id, new SessionCommit
            {
                Set = Commits.Set((key, value)).Set,
                CacheHolder = holder,
                BaseVersion = baseVersion,
                BaseCreatedAt = baseCreatedAt,
            });

        // Applied right on the copy the cache holds: the lease, and no values sent back.
        var onBase = await CommitOnAsync("b", "2", loaded.Version, loaded.CreatedAt);
        Assert.True(onBase.OnBase);
        Assert.Null(onBase.Snapshot);
        Assert.Equal((loaded.Version + 1, fixture.Lease, loaded.Host), (onBase.Version, onBase.ReadLease, onBase.Host));

        // Applied on a newer version than the copy named (changed elsewhere meanwhile): the whole session comes back.
        var stale = await CommitOnAsync("c", "3", loaded.Version, loaded.CreatedAt);
        Assert.Empty(cache.Evictions);
        Assert.False(stale.OnBase);
        Assert.NotNull(stale.Snapshot);
        Assert.Equal(stale.Version, stale.Snapshot.Version);
        Assert.Equal(("1", "2", "3"), (stale.Snapshot.Text("a"), stale.Snapshot.Text("b"), stale.Snapshot.Text("c")));
        Assert.Equal((fixture.Lease, fixture.Lease), (stale.ReadLease, stale.Snapshot.ReadLease));

        // The right version of another life of the session (versions start over) is not the copy's.
        var otherLife = await CommitOnAsync("d", "4", stale.Version, loaded.CreatedAt.AddTicks(1));
        Assert.False(otherLife.OnBase);
        Assert.NotNull(otherLife.Snapshot);
    }

    [Fact]
    public async Task Invalidating_a_session_evicts_every_leased_copy_for_good()
    {
        var id = await NewSessionAsync("a", "1");
        var caches = new[] { new RecordingCache(), new RecordingCache() };
        foreach (var cache in caches)
        {
            Assert.NotNull(await fixture.Sessions.LoadAsync(id, Holder(cache)));
        }

        await fixture.Sessions.InvalidateAsync(id);

        foreach (var cache in caches)
        {
            Assert.Equal(long.MaxValue, Assert.Single(cache.Evictions).Version);
        }
    }

    [Fact]
    public async Task A_change_is_still_acknowledged_when_a_leased_cache_does_not_answer_and_the_grain_waited_out_its_lease()
    {
        var id = await NewSessionAsync("a", "1");
        var silent = new RecordingCache { Fail = true };
        Assert.NotNull(await fixture.Sessions.LoadAsync(id, Holder(silent)));

        var result = await fixture.Sessions.CommitAsync(id, Commits.Set(("a", "2")));

        Assert.Equal(2, result.Version);
        Assert.Single(silent.Evictions);
        Assert.Equal("2", (await fixture.Sessions.LoadAsync(id))!.Text("a"));
    }

    [Fact]
    public async Task A_released_lease_is_neither_evicted_nor_waited_for_by_the_next_change()
    {
        var id = await NewSessionAsync("a", "1");
        var silent = new RecordingCache { Fail = true };
        var holder = Holder(silent);
        Assert.Equal(fixture.Lease, (await fixture.Sessions.LoadAsync(id, holder))!.ReadLease);

        await fixture.Sessions.ReleaseLeaseAsync(id, holder);
        await fixture.Sessions.ReleaseLeaseAsync(id, holder);
        var result = await fixture.NewClient().CommitAsync(id, Commits.Set(("a", "2")));

        Assert.Equal(2, result.Version);
        Assert.Empty(silent.Evictions);
        Assert.Equal("2", (await fixture.Sessions.LoadAsync(id))!.Text("a"));
    }

    [Fact]
    public async Task A_deactivated_session_records_that_its_leases_ended_and_a_leased_session_records_that_they_may_not_have()
    {
        var id = await NewSessionAsync("a", "1");
        Assert.False((await fixture.StoredAsync(id)).State!.LeasesReleased);

        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + Deadline;
        while (!(await fixture.StoredAsync(id)).State!.LeasesReleased)
        {
            Assert.True(DateTime.UtcNow < deadline, "the deactivated session never recorded the end of its leases");
            await management.ForceActivationCollection(TimeSpan.Zero);
        }

        // Reactivated from a record saying so, the session grants a lease only once storage says it may have live ones again.
        var cache = new RecordingCache();
        var holder = Holder(cache);
        deadline = DateTime.UtcNow + Deadline;
        SessionSnapshot leased;
        while ((leased = (await fixture.Sessions.LoadAsync(id, holder))!).ReadLease == TimeSpan.Zero)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reactivated session never granted a lease");
        }

        Assert.False((await fixture.StoredAsync(id)).State!.LeasesReleased);
        Assert.Equal(fixture.Lease, leased.ReadLease);
    }

    private ISessionCacheHolder Holder(RecordingCache cache) => fixture.Cluster.Client.CreateObjectReference<ISessionCacheHolder>(cache);

    /// <summary>A session created by a commit (whose write lets the activation grant leases at once).</summary>
    private async Task<string> NewSessionAsync(string key, string value)
    {
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set((key, value)));
        return id;
    }

    public sealed class Cluster() : SessionCluster(new Dictionary<string, string?> { ["Sessions:ReadLease"] = "00:00:03" }, fakeClock: true)
    {
        public TimeSpan Lease { get; } = TimeSpan.FromSeconds(3);
    }

    private sealed class RecordingCache : ISessionCacheHolder
    {
        public ConcurrentQueue<(string SessionId, long Version, TimeSpan HoldOff)> Evictions { get; } = new();

        public bool Fail { get; init; }

        public Task EvictAsync(string sessionId, long version, TimeSpan holdOff)
        {
            Evictions.Enqueue((sessionId, version, holdOff));
            return Fail ? Task.FromException(new InvalidOperationException("this cache does not answer")) : Task.CompletedTask;
        }
    }
}
