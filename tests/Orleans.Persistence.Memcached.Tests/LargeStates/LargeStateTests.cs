using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.LargeStates;

/// <summary>
/// States above memcached's 1 MB item limit, up to MaxStateSize (16 MB): chunked under keys specific to one
/// write and committed by the head, compressed when that helps, on every replica. Three nodes, two replicas.
/// </summary>
public sealed class LargeStateTests(LargeStateTests.Nodes fixture) : IClassFixture<LargeStateTests.Nodes>, IAsyncLifetime
{
    private const int Chunk = MemcachedGrainStorageOptions.DefaultMaxItemSize - StoredRecord.ItemOverhead;
    private readonly StorageMetrics _metrics = new();
    private MemcachedGrainStorage _storage = null!;
    private MetricCollector<long> _corrupt = null!;
    private MetricCollector<long> _missing = null!;

    public async Task InitializeAsync()
    {
        _corrupt = new MetricCollector<long>(_metrics.Meter, "memcached.storage.corrupt_records");
        _missing = new MetricCollector<long>(_metrics.Meter, "memcached.storage.missing_records");
        _storage = await StorageFactory.StartAsync(fixture.Cluster.EndPoints, metrics: _metrics, configure: o =>
        {
            o.ReplicaCount = 2;
            o.CompressionThreshold = null;
        });
    }

    public async Task DisposeAsync()
    {
        await _storage.StopAsync(CancellationToken.None);
        _corrupt.Dispose();
        _missing.Dispose();
        _metrics.Dispose();
    }

    [Theory]
    [InlineData(1_500_000)]
    [InlineData(8 * 1024 * 1024)]
    public async Task A_state_above_the_item_size_round_trips_in_chunks_on_every_replica(int size)
    {
        var grain = NewGrain();
        var data = Random(size);
        var state = new TestGrainState<BlobState> { State = new BlobState { Counter = 1, Data = data } };

        await _storage.WriteStateAsync("state", grain, state);
        var read = new TestGrainState<BlobState>();
        await _storage.ReadStateAsync("state", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(data.AsSpan().SequenceEqual(read.State.Data));
        var ring = Replicas.RingOrder(_storage, "state", grain);
        foreach (var node in ring.Take(2))
        {
            var head = await Replicas.ReadAsync(_storage, node, "state", grain);
            Assert.True(head.Record.IsChunked);
            Assert.Equal(StoredRecord.ChunkedItemFlag, head.ItemFlags);
            Assert.Equal(ChunkKeys(grain, head.Record).Count, (await ChunksOn(node, grain, head.Record)).Count);
            Assert.True(ChunkKeys(grain, head.Record).Count >= (size / Chunk));
        }

        Assert.False((await Replicas.ReadAsync(_storage, ring[2], "state", grain)).Found);
    }

    [Fact]
    public async Task A_compressible_large_state_is_stored_compressed_inline_and_read_back()
    {
        var storage = await StorageFactory.StartAsync(fixture.Cluster.EndPoints, configure: o => o.ReplicaCount = 2);
        try
        {
            var grain = NewGrain();
            var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"cart\":[\"item\",42,true]} ", 150_000)));
            Assert.True(data.Length > 3 * Chunk);
            await storage.WriteStateAsync("state", grain, new TestGrainState<BlobState> { State = new BlobState { Data = data } });

            var read = new TestGrainState<BlobState>();
            await storage.ReadStateAsync("state", grain, read);

            Assert.True(data.AsSpan().SequenceEqual(read.State.Data));
            var head = await Replicas.ReadAsync(storage, Replicas.RingOrder(storage, "state", grain)[0], "state", grain);
            Assert.Equal(RecordFlags.Compressed, head.Record.Flags);
            Assert.True(head.Record.Body.Length < data.Length / 10);
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_state_above_MaxStateSize_of_16_MB_fails_clearly_and_stores_nothing()
    {
        var storage = await StorageFactory.StartAsync(fixture.Cluster.EndPoints);
        try
        {
            var grain = NewGrain();
            var state = new TestGrainState<BlobState> { State = new BlobState { Data = new byte[MemcachedGrainStorageOptions.DefaultMaxStateSize + 1] } };

            var error = await Assert.ThrowsAsync<MemcachedStorageException>(() => storage.WriteStateAsync("state", grain, state));

            Assert.Equal(MemcachedErrorKind.TooLarge, error.Kind);
            Assert.Null(state.ETag);
            var read = new TestGrainState<BlobState>();
            await storage.ReadStateAsync("state", grain, read);
            Assert.False(read.RecordExists);
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_reader_never_sees_a_mix_of_two_versions()
    {
        var grain = NewGrain();
        var size = (2 * Chunk) + 100_000;
        var writer = new TestGrainState<BlobState> { State = new BlobState { Counter = 0, Data = Filled(size, 0) } };
        await _storage.WriteStateAsync("state", grain, writer);
        var corruptBefore = _corrupt.GetMeasurementSnapshot().Count;
        using var done = new CancellationTokenSource();
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var reads = 0;

        async Task ReadLoopAsync()
        {
            while (!done.IsCancellationRequested)
            {
                var read = new TestGrainState<BlobState>();
                await _storage.ReadStateAsync("state", grain, read);
                Interlocked.Increment(ref reads);
                var expected = (byte)(read.State.Counter % 251);
                if (!read.RecordExists || read.State.Data.Length != size || read.State.Data.AsSpan().IndexOfAnyExcept(expected) >= 0)
                {
                    problems.Enqueue($"read version {read.State.Counter}: exists {read.RecordExists}, {read.State.Data.Length} bytes");
                }
            }
        }

        var readers = new[] { Task.Run(ReadLoopAsync), Task.Run(ReadLoopAsync) };
        for (var version = 1; version <= 15; version++)
        {
            writer.State = new BlobState { Counter = version, Data = Filled(size, (byte)(version % 251)) };
            await _storage.WriteStateAsync("state", grain, writer);
        }

        await Poll.UntilAsync(() => Volatile.Read(ref reads) >= 10, "the readers read a few times");
        await done.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(problems);
        Assert.Equal(corruptBefore, _corrupt.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Chunks_of_a_replaced_version_are_removed_and_chunks_of_a_lost_race_only_live_for_the_orphan_ttl()
    {
        var grain = NewGrain();
        var state = new TestGrainState<BlobState> { State = new BlobState { Data = Random(2 * Chunk) } };
        await _storage.WriteStateAsync("state", grain, state);
        var primary = Replicas.RingOrder(_storage, "state", grain)[0];
        var server = Replicas.ServerOf(fixture.Cluster, primary);
        var chunkBase = _storage.Keys.ChunkBase(StateKeys.Logical("state", grain));
        var orphansSeen = 0;
        for (var round = 0; round < 20 && orphansSeen == 0; round++)
        {
            var replaced = (await Replicas.ReadAsync(_storage, primary, "state", grain)).Record;
            Assert.Equal(3, (await ChunksOn(primary, grain, replaced)).Count);
            var racers = Enumerable.Range(0, 2).Select(i => new TestGrainState<BlobState> { State = new BlobState { Counter = i, Data = Random(2 * Chunk) }, ETag = state.ETag }).ToArray();
            var outcomes = await Task.WhenAll(racers.Select(r => Record.ExceptionAsync(() => _storage.WriteStateAsync("state", grain, r))));

            Assert.Equal(1, outcomes.Count(e => e is null));
            state.ETag = racers[Array.IndexOf(outcomes, null)].ETag;
            var winner = (await Replicas.ReadAsync(_storage, primary, "state", grain)).Record;
            Assert.Empty(await ChunksOn(primary, grain, replaced));
            var winnerKeys = ChunkKeys(grain, winner);
            Assert.All(await ChunksOn(primary, grain, winner), k => Assert.Equal(-1, k.Value));
            Assert.Equal(winnerKeys.Count, (await ChunksOn(primary, grain, winner)).Count);

            // Chunks of this state that no head names (found by listing the node's keys): the loser stored them
            // before its head lost the compare-and-swap. Each must expire within the orphan TTL.
            var listed = await Replicas.DumpKeysAsync(server);
            var orphans = listed.Keys.Where(k => k.StartsWith(chunkBase, StringComparison.Ordinal) && !winnerKeys.Contains(k)).ToList();
            foreach (var orphan in orphans)
            {
                using var item = await _storage.Client.ForNode(primary).GetMetadataAsync(orphan);
                Assert.True(!item.IsHit || item.RemainingTtl is { } left && left <= TimeSpan.FromMinutes(5), $"orphan {orphan} has TTL {item.RemainingTtl}");
            }

            orphansSeen += orphans.Count;
        }

        Assert.True(orphansSeen > 0, "no race left orphaned chunks in 20 rounds");
    }

    [Fact]
    public async Task A_write_retried_after_its_head_landed_still_gives_every_chunk_the_records_lifetime()
    {
        // The first chunk touch after the primary's head is stored fails (a timeout): the write goes round again,
        // finds its own record there and must still take that chunk off the short orphan TTL.
        var clientOptions = new MemcachedClientOptions();
        foreach (var endPoint in fixture.Cluster.EndPoints)
        {
            clientOptions.Servers.Add(endPoint);
        }

        await using var real = new MemcachedClient(clientOptions);
        var faulting = new FaultingClient(real) { FailTouch = key => key.Contains('~', StringComparison.Ordinal) };
        var options = new MemcachedGrainStorageOptions
        {
            GrainStorageSerializer = StorageFactory.Serializer(SerializerKind.MemoryPack),
            KeyPrefix = $"t{Guid.NewGuid():N}/",
            ReplicaCount = 2,
            CompressionThreshold = null,
        };
        var services = new ServiceCollection().AddSingleton<IMemcachedClient>(faulting).BuildServiceProvider();
        var storage = new MemcachedGrainStorage(StorageFactory.ProviderName, options, services, StorageFactory.ServiceId, NullLogger<MemcachedGrainStorage>.Instance, new StorageMetrics());
        await storage.StartAsync(CancellationToken.None);
        try
        {
            var grain = NewGrain();
            await storage.WriteStateAsync("state", grain, new TestGrainState<BlobState> { State = new BlobState { Data = Random(2 * Chunk) } });

            Assert.True(faulting.Fired);
            foreach (var node in Replicas.RingOrder(storage, "state", grain).Take(2))
            {
                var head = await Replicas.ReadAsync(storage, node, "state", grain);
                var chunks = await ChunksOn(node, grain, head.Record, storage);
                Assert.Equal(3, chunks.Count);
                Assert.All(chunks, k => Assert.Equal(-1, k.Value)); // no TTL, as the record
            }
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_missing_or_damaged_chunk_on_one_replica_is_served_from_the_other_and_repaired(bool damage)
    {
        var grain = NewGrain();
        var data = Random((2 * Chunk) + 5);
        var state = new TestGrainState<BlobState> { State = new BlobState { Data = data } };
        await _storage.WriteStateAsync("state", grain, state);
        var primary = Replicas.RingOrder(_storage, "state", grain)[0];
        var head = (await Replicas.ReadAsync(_storage, primary, "state", grain)).Record;
        var victim = ChunkKeys(grain, head)[1];
        var view = _storage.Client.ForNode(primary);
        if (damage)
        {
            await view.SetAsync(victim, new byte[Chunk]);
        }
        else
        {
            await view.DeleteAsync(victim);
        }

        var missingBefore = Count(_missing, "chunk");
        var corruptBefore = _corrupt.GetMeasurementSnapshot().Count;

        var read = new TestGrainState<BlobState>();
        await _storage.ReadStateAsync("state", grain, read);

        Assert.True(read.RecordExists);
        Assert.True(data.AsSpan().SequenceEqual(read.State.Data));
        Assert.Equal(damage ? missingBefore : missingBefore + 1, Count(_missing, "chunk"));
        Assert.Equal(damage ? corruptBefore + 1 : corruptBefore, _corrupt.GetMeasurementSnapshot().Count);
        using var repaired = await view.GetAsync(victim);
        using var reference = await _storage.Client.ForNode(Replicas.RingOrder(_storage, "state", grain)[1]).GetAsync(victim);
        Assert.True(repaired.IsHit);
        Assert.True(reference.Value.Span.SequenceEqual(repaired.Value.Span));
        var chunks = await ChunksOn(primary, grain, head);
        Assert.Equal(3, chunks.Count);
        Assert.True(chunks.All(c => c.Value == -1), string.Join(", ", chunks.Select(c => c.Value)));
    }

    [Fact]
    public async Task Chunks_lost_on_every_replica_read_as_no_record_are_counted_and_the_next_write_replaces_them()
    {
        var grain = NewGrain();
        var state = new TestGrainState<BlobState> { State = new BlobState { Counter = 1, Data = Random(Chunk + 10) } };
        await _storage.WriteStateAsync("state", grain, state);
        foreach (var node in Replicas.RingOrder(_storage, "state", grain).Take(2))
        {
            var head = (await Replicas.ReadAsync(_storage, node, "state", grain)).Record;
            await _storage.Client.ForNode(node).DeleteAsync(ChunkKeys(grain, head)[0]);
        }

        var missingBefore = Count(_missing, "chunk");
        var read = new TestGrainState<BlobState> { State = new BlobState { Counter = 9 } };
        await _storage.ReadStateAsync("state", grain, read);

        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Counter);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(Count(_missing, "chunk") > missingBefore);
        read.State = new BlobState { Counter = 2, Data = Random(Chunk + 10) };
        await _storage.WriteStateAsync("state", grain, read);
        var again = new TestGrainState<BlobState>();
        await _storage.ReadStateAsync("state", grain, again);
        Assert.Equal(2, again.State.Counter);
    }

    [Fact]
    public async Task Touch_extends_the_head_and_the_chunks_of_a_large_state_on_every_replica()
    {
        var storage = await StorageFactory.StartAsync(fixture.Cluster.EndPoints, configure: o =>
        {
            o.ReplicaCount = 2;
            o.CompressionThreshold = null;
            o.EntryTtl = TimeSpan.FromMinutes(1);
        });
        try
        {
            var grain = NewGrain();
            await storage.WriteStateAsync("state", grain, new TestGrainState<BlobState> { State = new BlobState { Data = Random(Chunk + 10) } });

            Assert.True(await storage.TouchAsync("state", grain, TimeSpan.FromHours(2)));

            foreach (var node in Replicas.RingOrder(storage, "state", grain).Take(2))
            {
                var head = await Replicas.ReadAsync(storage, node, "state", grain);
                Assert.InRange(head.RemainingTtl!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
                var chunks = await ChunksOn(node, grain, head.Record, storage);
                Assert.Equal(2, chunks.Count);
                Assert.All(chunks, k => Assert.InRange(k.Value, 7100, 7200));
            }
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Three nodes with room for many large items (memcached evicts large items early when its 64 MB default
    /// is split among slab classes, which would make chunks vanish under the tests).
    /// </summary>
    public sealed class Nodes : IAsyncLifetime
    {
        public MemcachedCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await MemcachedCluster.StartAsync(3, new MemcachedServerOptions { MemoryMegabytes = 512 });

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }

    private List<string> ChunkKeys(GrainId grain, StateRecord head, MemcachedGrainStorage? storage = null)
    {
        Assert.True(ChunkManifest.TryRead(head.Body.Span, out var manifest));
        var chunkBase = (storage ?? _storage).Keys.ChunkBase(StateKeys.Logical("state", grain));
        return [.. Enumerable.Range(0, manifest.ChunkCount).Select(i => StateKeys.Chunk(chunkBase, head.Stamp.WriteId, i))];
    }

    /// <summary>The chunks of <paramref name="head"/> present on <paramref name="node"/> (read directly), with their remaining TTL in seconds (-1: none).</summary>
    private async Task<List<KeyValuePair<string, long>>> ChunksOn(IMemcachedNode node, GrainId grain, StateRecord head, MemcachedGrainStorage? storage = null)
    {
        var view = (storage ?? _storage).Client.ForNode(node);
        var found = new List<KeyValuePair<string, long>>();
        foreach (var key in ChunkKeys(grain, head, storage))
        {
            using var chunk = await view.GetMetadataAsync(key);
            if (chunk.IsHit)
            {
                found.Add(new(key, chunk.RemainingTtl is { } ttl ? (long)ttl.TotalSeconds : -1));
            }
        }

        return found;
    }

    private static long Count(MetricCollector<long> collector, string reason) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], reason)).Sum(m => m.Value);

    private static byte[] Random(int size)
    {
        var data = new byte[size];
        System.Random.Shared.NextBytes(data);
        return data;
    }

    private static byte[] Filled(int size, byte value)
    {
        var data = new byte[size];
        data.AsSpan().Fill(value);
        return data;
    }

    private static GrainId NewGrain() => GrainId.Create("large", Guid.NewGuid().ToString("N"));
}
