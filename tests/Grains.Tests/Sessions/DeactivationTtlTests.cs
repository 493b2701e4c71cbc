using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>Real clock: deactivating an activation is not an access; the session still ends at its idle timeout.</summary>
public sealed class DeactivationTtlTests(DeactivationTtlTests.Cluster fixture) : IClassFixture<DeactivationTtlTests.Cluster>
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_session_whose_silo_shut_down_gracefully_still_expires_at_its_idle_timeout()
    {
        var secondary = fixture.Cluster.SecondarySilos[0];
        string id = null!;
        DateTimeOffset lastUse = default;
        await TestKit.Poll.UntilAsync(async () =>
        {
            id = SessionIds.Create();
            lastUse = DateTimeOffset.UtcNow;
            await fixture.Sessions.CommitAsync(id, Commits.Set("k", [1], idleTimeout: Idle));
            return fixture.HostOf((await fixture.Sessions.LoadAsync(id))!) == secondary;
        }, "a session was placed on the secondary silo", TimeSpan.FromSeconds(60));

        // Last used at lastUse; its silo shuts down (rolling restart) 6 s later, before the session expires.
        await TestKit.Poll.UntilAsync(() => DateTimeOffset.UtcNow >= lastUse + TimeSpan.FromSeconds(6), "the session has been idle 6 s");
        await fixture.Cluster.StopSiloAsync(secondary);
        try
        {
            // Idle 10 s, plus one touch interval (2.5 s) of allowed slack, plus a second of TTL rounding: it has ended by now.
            await TestKit.Poll.UntilAsync(() => DateTimeOffset.UtcNow >= lastUse + TimeSpan.FromSeconds(15), "the session has been idle 15 s", TimeSpan.FromSeconds(30));
            Assert.Null(await fixture.Sessions.LoadAsync(id));
        }
        finally
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }

    public sealed class Cluster() : SessionCluster(new Dictionary<string, string?>(), fakeClock: false);
}
