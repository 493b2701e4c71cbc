using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Replication;

/// <summary>
/// A replica that does not answer may hold the newest record: while it is a replica (not marked down), a read does not
/// serve what the others say. Three nodes, two replicas.
/// </summary>
public sealed class SilentReplicaTests
{
    [Fact]
    public async Task A_read_never_reports_no_record_while_the_only_replica_holding_it_is_silent_and_still_a_replica_and_serves_it_once_back()
    {
        await using var cluster = await MemcachedCluster.StartAsync(3);

        // The default threshold (3 failures in a row mark a node down), so a read's 4 attempts can outlast a silent node's detection.
        var storage = await StorageFactory.StartAsync(cluster.EndPoints, configure: o =>
        {
            o.ReplicaCount = 2;
            o.Client.OperationTimeout = TimeSpan.FromMilliseconds(300);
            o.Client.ProbeInterval = TimeSpan.FromMilliseconds(100);
            o.Client.MaxProbeInterval = TimeSpan.FromMilliseconds(500);
        });
        MemcachedServer? paused = null;
        try
        {
            var grain = GrainId.Create("silent", Guid.NewGuid().ToString("N"));
            var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1, Text = "acknowledged" } };
            await storage.WriteStateAsync("state", grain, state);
            var ring = Replicas.RingOrder(storage, "state", grain);
            var primary = Replicas.ServerOf(cluster, ring[0]);
            var secondary = Replicas.ServerOf(cluster, ring[1]);

            // The secondary restarts empty while the grain is idle (a rolling restart); then the primary stalls.
            await secondary.KillAsync();
            await secondary.RestartAsync();
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    return !(await Replicas.ReadAsync(storage, ring[1], "state", grain)).Found;
                }
                catch (global::Memcached.MemcachedException)
                {
                    return false;
                }
            }, "the restarted secondary answers (empty)");
            primary.Pause();
            paused = primary;

            var read = new TestGrainState<PackedState>();
            var error = await Record.ExceptionAsync(() => storage.ReadStateAsync("state", grain, read));

            // Only once the client has marked the primary down is it no longer a replica, and the next node on the ring,
            // which never held the state, takes its place.
            Assert.True(error is MemcachedStorageException || !ring[0].IsAvailable,
                $"the read gave no record (ETag {read.ETag ?? "null"}) and no error while the primary, which holds '{state.State.Text}' ({state.ETag}), was silent and still a replica");

            primary.Resume();
            paused = null;
            await Poll.UntilAsync(() => Task.FromResult(ring[0].IsAvailable), "the primary is up again");
            var after = new TestGrainState<PackedState>();
            await storage.ReadStateAsync("state", grain, after);
            Assert.Equal("acknowledged", after.State.Text);
            Assert.Equal(state.ETag, after.ETag);
        }
        finally
        {
            paused?.Resume();
            await storage.StopAsync(CancellationToken.None);
        }
    }
}
