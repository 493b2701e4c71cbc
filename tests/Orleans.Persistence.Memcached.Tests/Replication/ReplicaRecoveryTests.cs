using Memcached;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Replication;

/// <summary>
/// A replica node that comes back stale (paused through several writes) or empty (restarted) is never
/// served as current: reads take the newest copy and repair it, writes decided on it still check the
/// newest ETag, and racing writers still cannot both win. Three nodes, two replicas.
/// </summary>
public sealed class ReplicaRecoveryTests : IAsyncLifetime
{
    private readonly StorageMetrics _metrics = new();
    private MemcachedCluster _cluster = null!;
    private MemcachedGrainStorage _storage = null!;
    private MetricCollector<long> _repairs = null!;
    private MetricCollector<long> _missing = null!;

    public async Task InitializeAsync()
    {
        _repairs = new MetricCollector<long>(_metrics.Meter, "memcached.storage.replica_repairs");
        _missing = new MetricCollector<long>(_metrics.Meter, "memcached.storage.missing_records");
        _cluster = await MemcachedCluster.StartAsync(3);

        // One timed-out request marks a paused node down, so the test does not wait for three.
        _storage = await StorageFactory.StartAsync(_cluster.EndPoints, metrics: _metrics, configure: o =>
        {
            o.ReplicaCount = 2;
            o.Client.FailureThreshold = 1;
            o.Client.ProbeInterval = TimeSpan.FromMilliseconds(100);
            o.Client.MaxProbeInterval = TimeSpan.FromMilliseconds(500);
        });
    }

    public async Task DisposeAsync()
    {
        await _storage.StopAsync(CancellationToken.None);
        await _cluster.DisposeAsync();
        _repairs.Dispose();
        _missing.Dispose();
        _metrics.Dispose();
    }

    [Theory]
    [InlineData("read")]
    [InlineData("write")]
    public async Task A_primary_paused_through_several_writes_comes_back_stale_is_never_served_and_is_brought_up_to_date(string repairBy)
    {
        var grain = NewGrain();
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
        await _storage.WriteStateAsync("state", grain, state);
        var primary = Replicas.RingOrder(_storage, "state", grain)[0];
        var server = Replicas.ServerOf(_cluster, primary);

        server.Pause();
        for (var counter = 2; counter <= 4; counter++)
        {
            state.State = new PackedState { Counter = counter };
            await _storage.WriteStateAsync("state", grain, state);
        }

        Assert.False(primary.IsAvailable);
        server.Resume();
        await Poll.UntilAsync(() => primary.IsAvailable, "the client sees the resumed node again");
        var stale = await Replicas.ReadAsync(_storage, primary, "state", grain);
        Assert.True(stale.Found);
        Assert.NotEqual(state.ETag, stale.ETag);
        var repairsBefore = RepairCount();

        if (repairBy == "read")
        {
            var read = new TestGrainState<PackedState>();
            await _storage.ReadStateAsync("state", grain, read);
            Assert.Equal(4, read.State.Counter);
            Assert.Equal(state.ETag, read.ETag);
            Assert.Equal(state.ETag, (await Replicas.ReadAsync(_storage, primary, "state", grain)).ETag);
            Assert.Equal(repairsBefore + 1, RepairCount());
        }
        else
        {
            var staleWriter = new TestGrainState<PackedState> { State = new PackedState { Counter = 99 }, ETag = stale.ETag };
            await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("state", grain, staleWriter));
            state.State = new PackedState { Counter = 5 };
            await _storage.WriteStateAsync("state", grain, state);
            foreach (var node in Replicas.RingOrder(_storage, "state", grain).Take(2))
            {
                Assert.Equal(state.ETag, (await Replicas.ReadAsync(_storage, node, "state", grain)).ETag);
            }

            var read = new TestGrainState<PackedState>();
            await _storage.ReadStateAsync("state", grain, read);
            Assert.Equal(5, read.State.Counter);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_replica_restarted_empty_is_refilled_from_the_other_by_read_repair(int replica)
    {
        var grain = NewGrain();
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1, Text = "before" } };
        await _storage.WriteStateAsync("state", grain, state);
        var node = Replicas.RingOrder(_storage, "state", grain)[replica];
        var server = Replicas.ServerOf(_cluster, node);

        await server.KillAsync();
        await server.RestartAsync();
        await Poll.UntilAsync(() => node.IsAvailable, "the client sees the restarted node");
        Assert.False((await Replicas.ReadAsync(_storage, node, "state", grain)).Found);
        var missingBefore = MissingCount("replica");

        var read = new TestGrainState<PackedState>();
        await _storage.ReadStateAsync("state", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal("before", read.State.Text);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(state.ETag, (await Replicas.ReadAsync(_storage, node, "state", grain)).ETag);
        Assert.Equal(missingBefore + 1, MissingCount("replica"));
    }

    [Fact]
    public async Task Writers_racing_on_a_stale_primary_never_both_win_and_the_stale_etag_never_wins()
    {
        var grain = NewGrain();
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
        await _storage.WriteStateAsync("state", grain, state);
        var primary = Replicas.RingOrder(_storage, "state", grain)[0];
        var server = Replicas.ServerOf(_cluster, primary);
        server.Pause();
        state.State = new PackedState { Counter = 2 };
        await _storage.WriteStateAsync("state", grain, state);
        server.Resume();
        await Poll.UntilAsync(() => primary.IsAvailable, "the client sees the resumed node again");
        var staleETag = (await Replicas.ReadAsync(_storage, primary, "state", grain)).ETag;
        Assert.NotEqual(state.ETag, staleETag);

        var racers = Enumerable.Range(0, 6)
            .Select(i => new TestGrainState<PackedState> { State = new PackedState { Counter = 10 + i }, ETag = i % 2 == 0 ? state.ETag : staleETag })
            .ToArray();
        var outcomes = await Task.WhenAll(racers.Select(r => Record.ExceptionAsync(() => _storage.WriteStateAsync("state", grain, r))));

        Assert.Equal(1, outcomes.Count(e => e is null));
        Assert.All(outcomes.Where(e => e is not null), e => Assert.IsType<InconsistentStateException>(e));
        var winner = racers[Array.IndexOf(outcomes, null)];
        Assert.Equal(0, winner.State.Counter % 2);
        var read = new TestGrainState<PackedState>();
        await _storage.ReadStateAsync("state", grain, read);
        Assert.Equal(winner.State.Counter, read.State.Counter);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_with_delete_leaves_a_tombstone_that_a_returning_stale_replica_cannot_resurrect()
    {
        var storage = await StorageFactory.StartAsync(_cluster.EndPoints, deleteStateOnClear: true, configure: o =>
        {
            o.ReplicaCount = 2;
            o.Client.FailureThreshold = 1;
            o.Client.ProbeInterval = TimeSpan.FromMilliseconds(100);
            o.Client.MaxProbeInterval = TimeSpan.FromMilliseconds(500);
        });
        try
        {
            var grain = NewGrain();
            var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
            await storage.WriteStateAsync("state", grain, state);
            var primary = Replicas.RingOrder(storage, "state", grain)[0];
            var server = Replicas.ServerOf(_cluster, primary);
            server.Pause();
            await storage.ClearStateAsync("state", grain, state);
            server.Resume();
            await Poll.UntilAsync(() => primary.IsAvailable, "the client sees the resumed node again");
            var stale = await Replicas.ReadAsync(storage, primary, "state", grain);
            Assert.True(stale.Found);
            Assert.False(stale.Record.IsTombstone);

            var read = new TestGrainState<PackedState> { State = new PackedState { Counter = 7 } };
            await storage.ReadStateAsync("state", grain, read);

            Assert.False(read.RecordExists);
            Assert.Null(read.ETag);
            Assert.Equal(0, read.State.Counter);
            Assert.True((await Replicas.ReadAsync(storage, primary, "state", grain)).Record.IsTombstone);
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    private long RepairCount() => _repairs.GetMeasurementSnapshot().Sum(m => m.Value);

    private long MissingCount(string reason) => _missing.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], reason)).Sum(m => m.Value);

    private static GrainId NewGrain() => GrainId.Create("recovery", Guid.NewGuid().ToString("N"));
}
