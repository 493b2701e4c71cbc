using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Sessions.State;
using Sessions.Tests.Support;
using TestKit;

namespace Sessions.Tests.Sessions;

/// <summary>A silo shut down gracefully writes its pending sessions, also when memcached came back empty.</summary>
public sealed class FlushOnDeactivationTests(FlushOnDeactivationTests.Cluster fixture) : IClassFixture<FlushOnDeactivationTests.Cluster>
{
    [Fact]
    public async Task A_graceful_shutdown_writes_a_pending_session_whose_record_vanished_while_memcached_was_down()
    {
        var (id, first) = await fixture.SessionOnSecondaryAsync("before", [1]);
        var host = fixture.HostOf(first);

        await fixture.Memcached.KillAsync();
        CommitResult during;
        try
        {
            during = await fixture.Sessions.CommitAsync(id, Commits.Set(("during", "2")));
        }
        finally
        {
            await fixture.Memcached.RestartAsync();
        }

        Assert.False(during.Durable);

        // The hosting silo's storage sees memcached again (empty); the grain's retry is still 10 minutes away.
        var storage = fixture.ServicesOf(host).GetRequiredKeyedService<IGrainStorage>("sessions");
        await Poll.UntilAsync(async () =>
        {
            try
            {
                var state = new GrainState<SessionState>(new SessionState());
                await storage.ReadStateAsync("session", GrainId.Create("session", id), state);
                return !state.RecordExists;
            }
            catch (MemcachedStorageException)
            {
                return false;
            }
        }, "the host silo reads memcached again", TimeSpan.FromSeconds(45));

        await fixture.Cluster.StopSiloAsync(host);
        try
        {
            var after = await fixture.Sessions.LoadAsync(id);

            Assert.NotNull(after);
            Assert.Equal(["before", "during"], after.Values.Keys.Order());
        }
        finally
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }

    /// <summary>Write-through, with the background retry of a pending write far away.</summary>
    public sealed class Cluster() : SessionCluster(
        new Dictionary<string, string?> { ["Sessions:RetryInterval"] = "00:10:00", ["Sessions:MaxRetryInterval"] = "00:10:00" },
        fakeClock: true);
}
