using Orleans.TestingHost;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Silo;

/// <summary>State outlives the silo that wrote it, and the whole cluster.</summary>
public sealed class SiloFailoverTests
{
    [Fact]
    public async Task State_written_through_one_silo_is_read_through_another_after_the_first_stops()
    {
        await using var memcached = await MemcachedServer.StartAsync();
        var cluster = await SiloClusters.StartAsync(memcached.EndPoint, $"svc-{Guid.NewGuid():N}");
        try
        {
            var secondary = cluster.SecondarySilos[0];

            // New grains land on the secondary only once placement knows it is active: try fresh grains until one does.
            IStoredCounterGrain grain = null!;
            await Poll.UntilAsync(async () =>
            {
                grain = cluster.GrainFactory.GetGrain<IStoredCounterGrain>($"failover-{Guid.NewGuid():N}");
                return await grain.Silo() == secondary.SiloAddress.ToString();
            }, "a grain was placed on the secondary silo", TimeSpan.FromSeconds(60));
            await grain.Add("before");
            await grain.Add("stop");

            await cluster.StopSiloAsync(secondary);

            var state = await grain.Read();
            Assert.NotEqual(secondary.SiloAddress.ToString(), await grain.Silo());
            Assert.Equal(2, state.Counter);
            Assert.Equal(["before", "stop"], state.Items);
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task State_survives_a_restart_of_the_whole_cluster()
    {
        await using var memcached = await MemcachedServer.StartAsync();
        var serviceId = $"svc-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString("N");
        var first = await SiloClusters.StartAsync(memcached.EndPoint, serviceId, silos: 1);
        try
        {
            await first.GrainFactory.GetGrain<IStoredCounterGrain>(key).Add("kept");
        }
        finally
        {
            await StopAsync(first);
        }

        var second = await SiloClusters.StartAsync(memcached.EndPoint, serviceId, silos: 1);
        try
        {
            var state = await second.GrainFactory.GetGrain<IStoredCounterGrain>(key).Read();
            Assert.Equal(1, state.Counter);
            Assert.Equal(["kept"], state.Items);
        }
        finally
        {
            await StopAsync(second);
        }
    }

    private static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
