using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;
using Xunit.Abstractions;

namespace Orleans.Persistence.Memcached.Tests.Replication;

/// <summary>
/// Three memcached nodes, two replicas per state: one node is killed (SIGKILL) while grains write and read.
/// No acknowledged write may be lost, no operation started after the client marks the node down may
/// fail, and the states written after the loss are on two of the remaining nodes.
/// </summary>
public sealed class NodeLossTests(ITestOutputHelper output)
{
    private const int Grains = 24;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Killing_any_node_under_load_loses_no_acknowledged_write_and_fails_nothing_once_it_is_marked_down(int victim)
    {
        await using var cluster = await MemcachedCluster.StartAsync(3);
        var storage = await StorageFactory.StartAsync(cluster.EndPoints, configure: o => o.ReplicaCount = 2);
        try
        {
            var victimNode = Replicas.NodeOf(storage, cluster[victim]);
            long markedDownAt = long.MaxValue;
            storage.Client.NodeAvailabilityChanged += (_, e) =>
            {
                if (ReferenceEquals(e.Node, victimNode) && !e.IsAvailable)
                {
                    Interlocked.CompareExchange(ref markedDownAt, Stopwatch.GetTimestamp(), long.MaxValue);
                }
            };

            var load = new Load(storage);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Grains).Select(g => load.RunAsync(g, stop.Token)).ToArray();

            await Poll.UntilAsync(() => load.Operations >= 300, "the load is running", TimeSpan.FromSeconds(60));
            await cluster[victim].KillAsync();
            await Poll.UntilAsync(() => !victimNode.IsAvailable, "the client marked the killed node down", TimeSpan.FromSeconds(60));
            var afterDown = load.Operations;
            await Poll.UntilAsync(() => load.Operations >= afterDown + 1_000, "1000 more operations ran after the loss", TimeSpan.FromSeconds(120));
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            var downAt = Interlocked.Read(ref markedDownAt);
            output.WriteLine($"{load.Operations} operations, {afterDown} before the node was marked down; {load.Failures.Count} failed (all before it was marked down).");
            var failedAfterDown = load.Failures.Where(f => f.StartedAt > downAt).ToList();
            Assert.True(failedAfterDown.Count == 0, $"{failedAfterDown.Count} operations started after the node was marked down failed; first: {failedAfterDown.FirstOrDefault().Error}");
            Assert.True(load.Lost.IsEmpty, $"reads did not return the last acknowledged write: {string.Join("; ", load.Lost.Take(5))}");

            for (var g = 0; g < Grains; g++)
            {
                var (counter, etag) = load.Acknowledged(g);
                var read = new TestGrainState<PackedState>();
                await storage.ReadStateAsync("state", load.Grain(g), read);
                Assert.Equal(counter, read.State.Counter);
                Assert.Equal(etag, read.ETag);

                // Two copies of the last write, on the first two surviving nodes of the key's ring order.
                var survivors = Replicas.RingOrder(storage, "state", load.Grain(g)).Where(n => !ReferenceEquals(n, victimNode)).ToList();
                Assert.Equal(2, survivors.Count);
                foreach (var node in survivors)
                {
                    var held = await Replicas.ReadAsync(storage, node, "state", load.Grain(g));
                    Assert.Equal(etag, held.ETag);
                }
            }
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Each worker owns one grain: write counter+1, read it back through a fresh state object, repeat.</summary>
    private sealed class Load(MemcachedGrainStorage storage)
    {
        private readonly string _run = Guid.NewGuid().ToString("N");
        private readonly (int Counter, string? ETag)[] _acknowledged = new (int, string?)[Grains];
        private long _operations;

        public long Operations => Interlocked.Read(ref _operations);

        public ConcurrentQueue<(long StartedAt, Exception Error)> Failures { get; } = new();

        public ConcurrentQueue<string> Lost { get; } = new();

        public GrainId Grain(int g) => GrainId.Create("loss", $"{_run}-{g}");

        public (int Counter, string? ETag) Acknowledged(int g) => _acknowledged[g];

        public async Task RunAsync(int g, CancellationToken stop)
        {
            var grain = Grain(g);
            var state = new TestGrainState<PackedState> { State = new PackedState() };
            int? uncertain = null;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var next = _acknowledged[g].Counter + 1;
                    state.State = new PackedState { Counter = next, Text = $"value {next}" };
                    uncertain = next;
                    await storage.WriteStateAsync("state", grain, state);
                    _acknowledged[g] = (next, state.ETag);
                    uncertain = null;
                    Interlocked.Increment(ref _operations);

                    started = Stopwatch.GetTimestamp();
                    var read = new TestGrainState<PackedState>();
                    await storage.ReadStateAsync("state", grain, read);
                    if (read.State.Counter != next || read.ETag != state.ETag)
                    {
                        Lost.Enqueue($"grain {g}: read {read.State.Counter} after acknowledging {next}");
                    }

                    Interlocked.Increment(ref _operations);
                }
                catch (Exception ex) when (ex is MemcachedStorageException or InconsistentStateException)
                {
                    Failures.Enqueue((started, ex));
                    await ResyncAsync(g, grain, state, uncertain);
                }
            }
        }

        /// <summary>After a failure: a write that failed may still have been stored, so adopt what the storage holds.</summary>
        private async Task ResyncAsync(int g, GrainId grain, TestGrainState<PackedState> state, int? uncertain)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                try
                {
                    await storage.ReadStateAsync("state", grain, state);
                    if (state.State.Counter != _acknowledged[g].Counter && state.State.Counter != uncertain)
                    {
                        Lost.Enqueue($"grain {g}: read {state.State.Counter} after acknowledging {_acknowledged[g].Counter}");
                    }

                    _acknowledged[g] = (state.State.Counter, state.ETag);
                    return;
                }
                catch (MemcachedStorageException ex)
                {
                    Failures.Enqueue((Stopwatch.GetTimestamp(), ex));
                }
            }
        }
    }
}
