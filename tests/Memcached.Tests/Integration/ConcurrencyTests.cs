using System.Text;
using Memcached.Tests.Support;
using TestKit;

namespace Memcached.Tests.Integration;

/// <summary>Thousands of concurrent operations: every reply must reach its own caller.</summary>
public sealed class ConcurrencyTests(MemcachedClusterFixture fixture) : IClassFixture<MemcachedClusterFixture>
{
    [Fact]
    public async Task Concurrent_sets_and_gets_from_many_tasks_each_see_their_own_values()
    {
        await using var client = TestClients.Create(fixture.Cluster.EndPoints, o => o.OperationTimeout = TimeSpan.FromSeconds(10));
        var run = Guid.NewGuid().ToString("N");
        var mismatches = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(task => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var key = $"conc:{run}:{task}:{i}";
                var value = Encoding.UTF8.GetBytes($"{key}:{new string('x', (task * 31 + i) % 3000)}");
                await client.SetAsync(key, value);
                using var hit = await client.GetAsync(key);
                if (!hit.Value.Span.SequenceEqual(value))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })));

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public async Task Concurrent_get_many_batches_interleaved_with_single_gets_stay_matched()
    {
        await using var client = TestClients.Create(fixture.Cluster.EndPoints, o => o.OperationTimeout = TimeSpan.FromSeconds(10));
        var keys = Enumerable.Range(0, 300).Select(i => TestClients.Key($"gm{i}")).ToArray();
        await Task.WhenAll(keys.Select(k => client.SetAsync(k, Encoding.UTF8.GetBytes(k)).AsTask()));
        var errors = 0;

        await Task.WhenAll(Enumerable.Range(0, 64).Select(t => Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                var subset = keys.Skip((t * 7 + round) % 250).Take(40).Append(TestClients.Key("absent")).ToArray();
                var hits = await client.GetManyAsync(subset);
                errors += hits.Count == 40 && hits.All(h => Encoding.UTF8.GetString(h.Value.Value.Span) == h.Key) ? 0 : 1;
                foreach (var hit in hits.Values)
                {
                    hit.Dispose();
                }

                var single = keys[(t + round) % keys.Length];
                using var one = await client.GetAsync(single);
                errors += Encoding.UTF8.GetString(one.Value.Span) == single ? 0 : 1;
            }
        })));

        Assert.Equal(0, errors);
    }

    [Fact]
    public async Task A_caller_blocking_in_its_continuation_on_another_request_to_the_same_connection_gets_both_replies()
    {
        // One connection: if a caller's continuation ran on the connection's receive loop, the blocking wait below would
        // hold up the very loop that has to read the second reply, and the second get would time out.
        await using var client = TestClients.Create(fixture.Cluster.EndPoints[0], o =>
        {
            o.ConnectionsPerNode = 1;
            o.OperationTimeout = TimeSpan.FromSeconds(5);
        });
        var (first, second) = (TestClients.Key("first"), TestClients.Key("second"));
        await client.SetAsync(first, "1"u8.ToArray());
        await client.SetAsync(second, "2"u8.ToArray());

        var (firstValue, secondValue) = await Task.Run(() => GetThenBlockOnAnotherGetAsync(client, first, second)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("1", firstValue);
        Assert.Equal("2", secondValue);
    }

    /// <summary>Awaits one get, then, in the continuation, waits synchronously for another (sync-over-async in user code).</summary>
    private static async Task<(string First, string Second)> GetThenBlockOnAnotherGetAsync(MemcachedClient client, string first, string second)
    {
        using var firstHit = await client.GetAsync(first).ConfigureAwait(false);
#pragma warning disable VSTHRD002, CA1849 // the synchronous wait is the point
        using var secondHit = client.GetAsync(second).AsTask().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002, CA1849
        return (Encoding.UTF8.GetString(firstHit.Value.Span), Encoding.UTF8.GetString(secondHit.Value.Span));
    }

    [Fact]
    public async Task Keys_spread_over_all_nodes_and_each_node_holds_exactly_the_keys_the_ring_assigns_it()
    {
        await using var client = TestClients.Create(fixture.Cluster.EndPoints);
        var keys = Enumerable.Range(0, 300).Select(i => TestClients.Key($"ring{i}")).ToArray();
        await Task.WhenAll(keys.Select(k => client.SetAsync(k, "v"u8.ToArray()).AsTask()));

        var perNode = new Dictionary<string, int>();
        foreach (var key in keys)
        {
            var owner = client.GetNodesForKey(key, 1)[0];
            foreach (var node in client.Nodes)
            {
                using var probe = await client.ForNode(node).GetAsync(key);
                Assert.Equal(ReferenceEquals(node, owner), probe.IsHit);
            }

            perNode[owner.Name] = perNode.GetValueOrDefault(owner.Name) + 1;
        }

        Assert.Equal(3, perNode.Count);
        Assert.All(perNode.Values, count => Assert.InRange(count, 40, 180));
    }

    [Fact]
    public async Task Nodes_for_a_key_are_distinct_and_in_ring_order()
    {
        await using var client = TestClients.Create(fixture.Cluster.EndPoints);

        var nodes = client.GetNodesForKey("session:42", 3);
        var first = client.GetNodesForKey("session:42", 1);
        var capped = client.GetNodesForKey("session:42", 10);

        Assert.Equal(3, nodes.Select(n => n.Name).Distinct().Count());
        Assert.Same(first[0], nodes[0]);
        Assert.Equal(nodes, capped);
    }
}
