using Sessions.Client;
using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>Sliding and absolute expiry and touch batching, on a fake session clock shared by both silos.</summary>
public sealed class SessionExpiryTests(SessionCluster fixture) : IClassFixture<SessionCluster>
{
    private ISessionClient Sessions => fixture.Sessions;

    private void Advance(TimeSpan by) => fixture.Clock!.Advance(by);

    [Fact]
    public async Task A_session_idle_longer_than_its_timeout_is_gone_from_memory_and_memcached()
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));

        Advance(TimeSpan.FromMinutes(20));

        Assert.Null(await Sessions.LoadAsync(id));
        Assert.False((await fixture.StoredAsync(id)).RecordExists);
    }

    [Fact]
    public async Task Loads_keep_a_session_alive_past_its_idle_timeout()
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));

        for (var i = 0; i < 4; i++)
        {
            Advance(TimeSpan.FromMinutes(15));
            Assert.NotNull(await Sessions.LoadAsync(id));
        }

        Advance(TimeSpan.FromMinutes(19));
        Assert.Equal("v", (await Sessions.LoadAsync(id))!.Text("k"));
    }

    [Fact]
    public async Task A_commit_can_give_its_session_a_shorter_idle_timeout()
    {
        var shortId = SessionIds.Create();
        var defaultId = SessionIds.Create();
        await Sessions.CommitAsync(shortId, Commits.Set("k", [1], idleTimeout: TimeSpan.FromMinutes(5)));
        await Sessions.CommitAsync(defaultId, Commits.Set("k", [1]));

        Advance(TimeSpan.FromMinutes(6));

        Assert.Null(await Sessions.LoadAsync(shortId));
        Assert.Equal(TimeSpan.FromMinutes(20), (await Sessions.LoadAsync(defaultId))!.IdleTimeout);
    }

    [Fact]
    public async Task Touches_are_batched_one_per_interval_and_never_rewrite_the_value()
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));
        var sets = await fixture.StatAsync("cmd_set");
        var touches = await fixture.StatAsync("cmd_touch");

        for (var i = 0; i < 20; i++)
        {
            await Sessions.LoadAsync(id);
        }

        var touchesWithinInterval = await fixture.StatAsync("cmd_touch") - touches;
        Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 20; i++)
        {
            await Sessions.LoadAsync(id);
        }

        Assert.Equal(0, touchesWithinInterval);
        Assert.Equal(touches + 1, await fixture.StatAsync("cmd_touch"));
        Assert.Equal(sets, await fixture.StatAsync("cmd_set"));
    }

    [Fact]
    public async Task A_session_read_for_longer_than_its_idle_timeout_without_writes_survives_a_silo_failure()
    {
        var (id, first) = await fixture.SessionOnSecondaryAsync();
        for (var i = 0; i < 5; i++)
        {
            Advance(TimeSpan.FromMinutes(10));
            Assert.NotNull(await Sessions.LoadAsync(id));
        }

        await fixture.Cluster.KillSiloAsync(fixture.HostOf(first));
        try
        {
            var after = await Sessions.LoadAsync(id);

            Assert.NotNull(after);
            Assert.NotEqual(first.Host, after.Host);
            Assert.Equal([1], after.Values["k"]);
        }
        finally
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }
}

/// <summary>Absolute lifetime, on its own silos (the option is per silo).</summary>
public sealed class SessionAbsoluteLifetimeTests(SessionAbsoluteLifetimeTests.Cluster fixture) : IClassFixture<SessionAbsoluteLifetimeTests.Cluster>
{
    [Fact]
    public async Task A_session_in_constant_use_ends_at_its_absolute_lifetime()
    {
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set(("k", "v")));

        for (var i = 0; i < 5; i++)
        {
            fixture.Clock!.Advance(TimeSpan.FromMinutes(11));
            Assert.NotNull(await fixture.Sessions.LoadAsync(id));
        }

        fixture.Clock!.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await fixture.Sessions.LoadAsync(id));
        Assert.False((await fixture.StoredAsync(id)).RecordExists);
    }

    public sealed class Cluster() : SessionCluster(new Dictionary<string, string?> { ["Sessions:AbsoluteLifetime"] = "01:00:00" }, fakeClock: true);
}
