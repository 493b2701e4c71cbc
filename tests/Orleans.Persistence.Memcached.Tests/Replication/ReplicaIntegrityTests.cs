using Memcached;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Replication;

/// <summary>
/// Corruption and eviction with two replicas on three nodes: a bad or missing copy is detected, counted,
/// never served, and repaired from the good one; a record the caller knew that is gone everywhere is
/// counted and logged (eviction awareness) without logging the grain's key.
/// </summary>
public sealed class ReplicaIntegrityTests(MemcachedClusterFixture fixture) : IClassFixture<MemcachedClusterFixture>, IAsyncLifetime
{
    private readonly StorageMetrics _metrics = new();
    private readonly FakeLogger<MemcachedGrainStorage> _logger = new();
    private MemcachedGrainStorage _storage = null!;
    private MetricCollector<long> _corrupt = null!;
    private MetricCollector<long> _missing = null!;

    public async Task InitializeAsync()
    {
        _corrupt = new MetricCollector<long>(_metrics.Meter, "memcached.storage.corrupt_records");
        _missing = new MetricCollector<long>(_metrics.Meter, "memcached.storage.missing_records");
        _storage = await StorageFactory.StartAsync(fixture.Cluster.EndPoints, metrics: _metrics, logger: _logger, configure: o => o.ReplicaCount = 2);
    }

    public async Task DisposeAsync()
    {
        await _storage.StopAsync(CancellationToken.None);
        _corrupt.Dispose();
        _missing.Dispose();
        _metrics.Dispose();
    }

    [Theory]
    [InlineData(0, "foreign")]
    [InlineData(1, "foreign")]
    [InlineData(0, "evicted")]
    [InlineData(1, "evicted")]
    public async Task A_bad_or_missing_copy_on_one_replica_is_never_served_is_counted_and_is_repaired(int replica, string damage)
    {
        var grain = NewGrain();
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 5, Text = "good" } };
        await _storage.WriteStateAsync("state", grain, state);
        var node = Replicas.RingOrder(_storage, "state", grain)[replica];
        var key = StorageFactory.KeyOf(_storage, "state", grain);
        if (damage == "foreign")
        {
            await _storage.Client.ForNode(node).SetAsync(key, "{\"written\":\"by another program\"}"u8.ToArray());
        }
        else
        {
            await _storage.Client.ForNode(node).DeleteAsync(key);
        }

        var corruptBefore = _corrupt.GetMeasurementSnapshot().Count;
        var missingBefore = Missing("replica");

        var read = new TestGrainState<PackedState>();
        await _storage.ReadStateAsync("state", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal("good", read.State.Text);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(damage == "foreign" ? corruptBefore + 1 : corruptBefore, _corrupt.GetMeasurementSnapshot().Count);
        Assert.Equal(damage == "evicted" ? missingBefore + 1 : missingBefore, Missing("replica"));
        Assert.Equal(state.ETag, (await Replicas.ReadAsync(_storage, node, "state", grain)).ETag);
    }

    [Fact]
    public async Task A_record_the_caller_knew_that_is_gone_from_every_replica_is_counted_and_logged_without_its_key()
    {
        var grain = GrainId.Create("session", "secret-session-id-" + Guid.NewGuid().ToString("N"));
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 5 } };
        await _storage.WriteStateAsync("state", grain, state);
        foreach (var node in Replicas.RingOrder(_storage, "state", grain).Take(2))
        {
            await _storage.Client.ForNode(node).DeleteAsync(StorageFactory.KeyOf(_storage, "state", grain));
        }

        var before = Missing("record");
        var read = new TestGrainState<PackedState> { ETag = state.ETag };
        await _storage.ReadStateAsync("state", grain, read);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("state", grain, state));

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(before + 2, Missing("record"));
        Assert.Equal("(none)", conflict.StoredEtag);
        var logged = _logger.Collector.GetSnapshot().Where(r => r.Id.Id == 103).ToList();
        Assert.Equal(2, logged.Count);
        Assert.All(logged, r =>
        {
            Assert.Equal(LogLevel.Warning, r.Level);
            Assert.DoesNotContain("secret-session-id", r.Message, StringComparison.Ordinal);
            Assert.Contains("evicted", r.Message, StringComparison.Ordinal);
        });
        state.ETag = null;
        await _storage.WriteStateAsync("state", grain, state);
    }

    [Fact]
    public async Task Touch_reaches_every_replica_and_a_read_reports_the_remaining_ttl_of_the_copy_it_served()
    {
        var grain = NewGrain();
        await _storage.WriteStateAsync("session", grain, new TestGrainState<ExpiringState> { State = new ExpiringState { Counter = 3, TimeToLive = TimeSpan.FromMinutes(30) } });

        Assert.True(await _storage.TouchAsync("session", grain, TimeSpan.FromHours(2)));

        var ring = Replicas.RingOrder(_storage, "session", grain);
        foreach (var node in ring.Take(2))
        {
            Assert.InRange((await Replicas.ReadAsync(_storage, node, "session", grain)).RemainingTtl!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
        }

        await _storage.Client.ForNode(ring[0]).DeleteAsync(StorageFactory.KeyOf(_storage, "session", grain));
        var read = new TestGrainState<ExpiringState>();
        await _storage.ReadStateAsync("session", grain, read);
        Assert.Equal(3, read.State.Counter);
        Assert.InRange(read.State.RemainingTimeToLive!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
        var repaired = await Replicas.ReadAsync(_storage, ring[0], "session", grain);
        Assert.InRange(repaired.RemainingTtl!.Value, TimeSpan.FromMinutes(118), TimeSpan.FromMinutes(120));
        Assert.False(await _storage.TouchAsync("session", NewGrain(), TimeSpan.FromHours(2)));
    }

    private long Missing(string reason) => _missing.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], reason)).Sum(m => m.Value);

    private static GrainId NewGrain() => GrainId.Create("integrity", Guid.NewGuid().ToString("N"));
}
