using TestKit;

namespace TestKit.Tests;

public sealed class FixtureTests(MemcachedFixture single, MemcachedClusterFixture cluster, RedisFixture redis)
    : IClassFixture<MemcachedFixture>, IClassFixture<MemcachedClusterFixture>, IClassFixture<RedisFixture>
{
    [Fact]
    public void Fixtures_start_one_memcached_three_cluster_nodes_and_one_redis()
    {
        Assert.True(single.Server.IsRunning);
        Assert.Equal(MemcachedClusterFixture.NodeCount, cluster.Cluster.Nodes.Count);
        Assert.All(cluster.Cluster.Nodes, static node => Assert.True(node.IsRunning));
        Assert.True(redis.Server.IsRunning);
    }

    [Fact]
    public async Task A_killed_fixture_node_is_brought_back_by_ensure_running()
    {
        MemcachedServer node = cluster.Cluster[1];
        await node.KillAsync();

        await node.EnsureRunningAsync();

        await using RawTextConnection connection = await node.ConnectRawAsync();
        Assert.StartsWith("VERSION ", await connection.QueryAsync("version\r\n"));
    }
}
