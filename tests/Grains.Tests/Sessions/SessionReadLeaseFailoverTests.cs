using System.Diagnostics;
using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>
/// A silo that dies cannot evict the copies its activations leased: the session's next activation holds its first change
/// until every such lease has run out, so no front-end reads the old version after the change is acknowledged.
/// </summary>
public sealed class SessionReadLeaseFailoverTests(SessionReadLeaseFailoverTests.Cluster fixture) : IClassFixture<SessionReadLeaseFailoverTests.Cluster>
{
    [Fact]
    public async Task After_the_silo_of_a_leased_session_dies_the_first_change_is_acknowledged_only_once_that_lease_has_run_out()
    {
        var (id, first) = await fixture.SessionOnSecondaryAsync();
        var cache = new SilentCache();
        var holder = fixture.Cluster.Client.CreateObjectReference<ISessionCacheHolder>(cache);
        long sent = Stopwatch.GetTimestamp();
        var leased = (await fixture.Sessions.LoadAsync(id, holder))!;
        Assert.Equal(first.Host, leased.Host);
        Assert.Equal(fixture.Lease, leased.ReadLease);

        await fixture.Cluster.KillSiloAsync(fixture.HostOf(first));
        try
        {
            var result = await fixture.Sessions.CommitAsync(id, Commits.Set(("k", "after")));

            // The holder's copy was good until sent + lease (it counts from when it sent the load); the change came after.
            Assert.True(Stopwatch.GetElapsedTime(sent) >= fixture.Lease, "the change was acknowledged while the dead activation's lease could still be served");
            Assert.Equal(leased.Version + 1, result.Version);
        }
        finally
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }

    /// <summary>A lease longer than the cluster takes to declare a killed silo dead, so only the fence can make the change wait it out.</summary>
    public sealed class Cluster() : SessionCluster(new Dictionary<string, string?> { ["Sessions:ReadLease"] = "00:00:12" }, fakeClock: true)
    {
        public TimeSpan Lease { get; } = TimeSpan.FromSeconds(12);
    }

    private sealed class SilentCache : ISessionCacheHolder
    {
        public List<long> Evictions { get; } = [];

        public Task EvictAsync(string sessionId, long version, TimeSpan holdOff)
        {
            lock (Evictions)
            {
                Evictions.Add(version);
            }

            return Task.CompletedTask;
        }
    }
}
