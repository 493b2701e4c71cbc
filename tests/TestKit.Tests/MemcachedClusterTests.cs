using TestKit;

namespace TestKit.Tests;

public sealed class MemcachedClusterTests
{
    [Fact]
    public async Task Cluster_of_three_has_three_distinct_serving_nodes_and_can_grow()
    {
        await using MemcachedCluster cluster = await MemcachedCluster.StartAsync(3);

        Assert.Equal(3, cluster.Nodes.Count);
        Assert.Equal(3, cluster.Nodes.Select(static node => node.Port).Distinct().Count());
        Assert.Equal(cluster.Nodes.Select(static node => node.EndPoint), cluster.EndPoints);
        foreach (MemcachedServer node in cluster.Nodes)
        {
            await using RawTextConnection connection = await node.ConnectRawAsync();
            Assert.StartsWith("VERSION ", await connection.QueryAsync("version\r\n"));
        }

        MemcachedServer added = await cluster.AddNodeAsync();

        Assert.Equal(4, cluster.Nodes.Count);
        Assert.Same(added, cluster[3]);
        Assert.DoesNotContain(added.EndPoint, cluster.EndPoints.Take(3));
    }

    [Fact]
    public async Task Cluster_nodes_share_the_options_and_the_tls_certificate()
    {
        MemcachedServerOptions options = new() { Tls = true, MemoryMegabytes = 8 };
        await using MemcachedCluster cluster = await MemcachedCluster.StartAsync(2, options);

        Assert.All(cluster.Nodes, static node => Assert.Contains("-m 8", node.CommandLine));
        Assert.Same(cluster[0].Certificate, cluster[1].Certificate);
    }

    [Fact]
    public async Task Cluster_disposal_stops_every_node()
    {
        MemcachedCluster cluster = await MemcachedCluster.StartAsync(2);
        IReadOnlyList<MemcachedServer> nodes = cluster.Nodes;

        await cluster.DisposeAsync();

        Assert.All(nodes, static node => Assert.False(node.IsRunning));
    }
}
