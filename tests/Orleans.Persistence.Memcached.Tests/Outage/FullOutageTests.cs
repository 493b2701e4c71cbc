using Memcached;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Outage;

/// <summary>
/// Every memcached node down: operations fail with <see cref="MemcachedStorageUnavailableException"/> (a
/// <see cref="MemcachedException"/>) instead of hanging, and the same provider instance works again once
/// the nodes return — no silo restart.
/// </summary>
public sealed class FullOutageTests
{
    [Fact]
    public async Task With_every_node_killed_operations_fail_as_unavailable_and_storage_resumes_by_itself_when_they_return()
    {
        await using var cluster = await MemcachedCluster.StartAsync(2);
        using var metrics = new StorageMetrics();
        using var missing = new MetricCollector<long>(metrics.Meter, "memcached.storage.missing_records");
        var storage = await StorageFactory.StartAsync(cluster.EndPoints, metrics: metrics, configure: FastProbes);
        try
        {
            var grain = GrainId.Create("outage", Guid.NewGuid().ToString("N"));
            var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
            await storage.WriteStateAsync("state", grain, state);
            var etag = state.ETag;

            await Task.WhenAll(cluster.Nodes.Select(n => n.KillAsync()));
            state.State = new PackedState { Counter = 2 };
            var write = await Assert.ThrowsAsync<MemcachedStorageUnavailableException>(() => storage.WriteStateAsync("state", grain, state));
            Assert.IsAssignableFrom<MemcachedException>(write);
            Assert.Equal(etag, state.ETag);
            await Poll.UntilAsync(() => storage.Client.Nodes.All(n => !n.IsAvailable), "the client marked every node down");
            var read = await Assert.ThrowsAsync<MemcachedStorageUnavailableException>(() => storage.ReadStateAsync("state", grain, new TestGrainState<PackedState>()));
            Assert.Equal(MemcachedErrorKind.NoNodeAvailable, read.Kind);
            await Assert.ThrowsAsync<MemcachedStorageUnavailableException>(() => storage.TouchAsync("state", grain, TimeSpan.FromMinutes(1)));

            await Task.WhenAll(cluster.Nodes.Select(n => n.RestartAsync()));
            var after = new TestGrainState<PackedState> { ETag = etag };
            await Poll.UntilAsync(async () => await Succeeds(() => storage.ReadStateAsync("state", grain, after)), "reads work again");

            // The nodes came back empty: the record this grain knew is gone, which is counted, and its ETag no longer matches.
            Assert.False(after.RecordExists);
            Assert.Equal(1, missing.GetMeasurementSnapshot().Count(m => Equals(m.Tags["reason"], "record")));
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, state));
            state.ETag = null;
            await storage.WriteStateAsync("state", grain, state);
            var back = new TestGrainState<PackedState>();
            await storage.ReadStateAsync("state", grain, back);
            Assert.Equal(2, back.State.Counter);
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_every_node_paused_a_write_fails_after_the_timeout_and_the_data_is_back_when_they_resume()
    {
        await using var cluster = await MemcachedCluster.StartAsync(2);
        var storage = await StorageFactory.StartAsync(cluster.EndPoints, configure: o =>
        {
            FastProbes(o);
            o.Client.FailureThreshold = 1;
        });
        try
        {
            var grain = GrainId.Create("outage", Guid.NewGuid().ToString("N"));
            var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1, Text = "kept" } };
            await storage.WriteStateAsync("state", grain, state);

            foreach (var node in cluster.Nodes)
            {
                node.Pause();
            }

            state.State = new PackedState { Counter = 2 };
            var error = await Assert.ThrowsAsync<MemcachedStorageUnavailableException>(() => storage.WriteStateAsync("state", grain, state));
            Assert.Contains("Storage resumes by itself", error.Message, StringComparison.Ordinal);

            foreach (var node in cluster.Nodes)
            {
                node.Resume();
            }

            var read = new TestGrainState<PackedState>();
            await Poll.UntilAsync(async () => await Succeeds(() => storage.ReadStateAsync("state", grain, read)) && read.RecordExists, "the data is readable again");
            Assert.Equal("kept", read.State.Text);
            await Poll.UntilAsync(() => storage.Client.Nodes.All(n => n.IsAvailable), "the client sees both nodes again");
            read.State = new PackedState { Counter = 3 };
            await storage.WriteStateAsync("state", grain, read);
            Assert.All(await Task.WhenAll(Replicas.RingOrder(storage, "state", grain).Select(n => Replicas.ReadAsync(storage, n, "state", grain))), h => Assert.Equal(read.ETag, h.ETag));
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    private static void FastProbes(Orleans.Configuration.MemcachedGrainStorageOptions options)
    {
        options.Client.ProbeInterval = TimeSpan.FromMilliseconds(100);
        options.Client.MaxProbeInterval = TimeSpan.FromMilliseconds(500);
    }

    private static async Task<bool> Succeeds(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (MemcachedStorageUnavailableException)
        {
            return false;
        }
    }
}
