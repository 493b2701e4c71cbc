using Sessions.Tests.Support;
using TestKit;

namespace Sessions.Tests.Sessions;

/// <summary>Write-behind mode, and expiry on the real clock (silos with the system session clock).</summary>
public sealed class WriteBehindAndRealTimeTests(WriteBehindSessionCluster fixture) : IClassFixture<WriteBehindSessionCluster>
{
    [Fact]
    public async Task Write_behind_acknowledges_from_memory_and_coalesces_commits_into_storage()
    {
        var id = SessionIds.Create();
        var results = new List<CommitResult>();
        for (var i = 0; i < 10; i++)
        {
            results.Add(await fixture.Sessions.CommitAsync(id, Commits.Set(($"k{i}", "v"))));
        }

        Assert.All(results, r => Assert.False(r.Durable));
        Assert.Equal(10, (await fixture.Sessions.LoadAsync(id))!.Values.Count);
        await Poll.UntilAsync(async () => (await fixture.StoredAsync(id)) is { RecordExists: true, State.Version: 10 }, "the coalesced write reached memcached");
        Assert.Equal(10, (await fixture.StoredAsync(id)).State!.Values.Count);
    }

    [Fact]
    public async Task A_session_with_a_two_second_idle_timeout_expires_on_the_real_clock_and_leaves_memcached()
    {
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set("k", [1], idleTimeout: TimeSpan.FromSeconds(2)));
        await Poll.UntilAsync(async () => (await fixture.StoredAsync(id)).RecordExists, "the session reached memcached");

        await Poll.UntilAsync(async () => !(await fixture.StoredAsync(id)).RecordExists, "the expired session left memcached", TimeSpan.FromSeconds(30));

        Assert.Null(await fixture.Sessions.LoadAsync(id));
    }
}
