using Sessions.Client;
using Sessions.Tests.Support;
using TestKit;

namespace Sessions.Tests.Sessions;

/// <summary>memcached down or restarted empty while sessions are active.</summary>
public sealed class StorageOutageTests(SessionCluster fixture) : IClassFixture<SessionCluster>
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task While_memcached_is_down_sessions_keep_working_the_silo_is_degraded_and_the_state_reaches_memcached_when_it_returns()
    {
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set(("before", "1")));
        var host = fixture.HostOf((await fixture.Sessions.LoadAsync(id))!);
        var health = fixture.HealthOf(host);

        await fixture.Memcached.KillAsync();
        try
        {
            var during = await fixture.Sessions.CommitAsync(id, Commits.Set(("during", "2")));
            var second = await fixture.Sessions.CommitAsync(id, Commits.Set(("during2", "3")));
            var loaded = (await fixture.Sessions.LoadAsync(id))!;

            Assert.False(during.Durable);
            Assert.False(second.Durable);
            Assert.Equal(["before", "during", "during2"], loaded.Values.Keys.Order());
            Assert.True(health.IsDegraded);
            Assert.True(health.PendingWrites >= 1);

            // A session that was not active cannot be read: the caller is told so, after its retries.
            var impatient = fixture.NewClient(new SessionClientOptions { CallTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(1) });
            await Assert.ThrowsAsync<SessionStorageUnavailableException>(() => impatient.LoadAsync(SessionIds.Create()));
        }
        finally
        {
            await fixture.Memcached.RestartAsync();
        }

        await Poll.UntilAsync(async () => (await fixture.TryStoredAsync(id))?.State!.Values.Count == 3, "the pending session reached memcached", Recovery);
        await Poll.UntilAsync(() => !health.IsDegraded && health.PendingWrites == 0, "the silo is healthy again", Recovery);
        Assert.Equal(3, (await fixture.StoredAsync(id)).State!.Version);
        Assert.True((await fixture.Sessions.CommitAsync(id, Commits.Set(("after", "4")))).Durable);
    }

    [Fact]
    public async Task A_session_whose_record_vanished_is_written_whole_from_memory_on_its_next_commit()
    {
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set(("a", "1"), ("b", "2")));
        await fixture.Memcached.RestartAsync();
        await Poll.UntilAsync(async () => (await fixture.TryStoredAsync(id))?.RecordExists == false, "memcached answers again, empty", Recovery);

        CommitResult result = null!;
        await Poll.UntilAsync(async () => (result = await fixture.Sessions.CommitAsync(id, Commits.Set(("c", "3")))).Durable, "a commit is durable again", Recovery);

        var stored = (await fixture.StoredAsync(id)).State!;
        Assert.Equal(["a", "b", "c"], stored.Values.Keys.Order());
        Assert.Equal(result.Version, stored.Version);
    }
}
