using Sessions.Tests.Support;
using TestKit;

namespace Sessions.Tests.Sessions;

/// <summary>Write-behind: a regenerate kills the old id in memcached at once, like an invalidate, whatever the coalescing window.</summary>
public sealed class WriteBehindRegenerateTests(WriteBehindRegenerateTests.Cluster fixture) : IClassFixture<WriteBehindRegenerateTests.Cluster>
{
    [Fact]
    public async Task Once_regenerate_returns_memcached_no_longer_holds_the_old_id_as_a_live_session()
    {
        var oldId = SessionIds.Create();
        await fixture.Sessions.CommitAsync(oldId, Commits.Set(("cart", "2 pears")));
        await Poll.UntilAsync(async () => (await fixture.StoredAsync(oldId)).RecordExists, "the session reached memcached", TimeSpan.FromSeconds(30));

        var moved = await fixture.Sessions.RegenerateAsync(oldId, SessionIds.Create());
        Assert.NotNull(moved);

        // What an activation of the old id would load if the hosting silo died now (SIGKILL: no deactivation flush).
        var stored = await fixture.StoredAsync(oldId);
        Assert.False(stored.RecordExists && stored.State!.HasSession, $"memcached still holds the old id as a live session (version {stored.State!.Version})");
    }

    public sealed class Cluster() : SessionCluster(
        new Dictionary<string, string?> { ["Sessions:WriteMode"] = "WriteBehind", ["Sessions:WriteBehindDelay"] = "00:00:10" },
        fakeClock: true);
}
