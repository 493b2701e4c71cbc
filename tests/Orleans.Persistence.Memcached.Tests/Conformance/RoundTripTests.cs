using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Memcached;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Conformance;

/// <summary>
/// What each operation sends to memcached, counted by the client's own metrics: with one replica a grain's
/// write after its own read or write is a single compare-and-swap; without that knowledge it reads the head
/// first; with two replicas a write reads both heads, decides on the first and copies to the second.
/// </summary>
public sealed class RoundTripTests(MemcachedClusterFixture fixture) : IClassFixture<MemcachedClusterFixture>
{
    [Fact]
    public async Task With_one_replica_a_write_after_the_grains_own_read_or_write_is_one_compare_and_swap()
    {
        var storage = await StorageFactory.StartAsync([fixture.Cluster[0].EndPoint]);
        try
        {
            using var commands = new CommandCounter(fixture.Cluster[0].EndPoint);
            var grain = GrainId.Create("trips", Guid.NewGuid().ToString("N"));
            var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };

            await storage.WriteStateAsync("state", grain, state);
            Assert.Equal(["add", "get"], commands.Take());

            state.State.Counter = 2;
            await storage.WriteStateAsync("state", grain, state);
            Assert.Equal(["cas"], commands.Take());

            var activation = new TestGrainState<PackedState>();
            await storage.ReadStateAsync("state", grain, activation);
            activation.State.Counter = 3;
            await storage.WriteStateAsync("state", grain, activation);
            Assert.Equal(["cas", "get"], commands.Take());

            var stranger = new TestGrainState<PackedState> { State = new PackedState { Counter = 4 }, ETag = activation.ETag };
            await storage.WriteStateAsync("state", grain, stranger);
            Assert.Equal(["cas", "get"], commands.Take());
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, activation));
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_two_replicas_a_write_reads_both_heads_decides_on_one_and_copies_to_the_other()
    {
        var storage = await StorageFactory.StartAsync(fixture.Cluster.EndPoints, configure: o => o.ReplicaCount = 2);
        try
        {
            var grain = GrainId.Create("trips", Guid.NewGuid().ToString("N"));
            var ring = Replicas.RingOrder(storage, "state", grain);
            var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
            await storage.WriteStateAsync("state", grain, state);
            using var primary = new CommandCounter(ring[0].Name);
            using var secondary = new CommandCounter(ring[1].Name);
            using var other = new CommandCounter(ring[2].Name);

            state.State.Counter = 2;
            await storage.WriteStateAsync("state", grain, state);
            var read = new TestGrainState<PackedState>();
            await storage.ReadStateAsync("state", grain, read);

            Assert.Equal(["cas", "get", "get"], primary.Take());
            Assert.Equal(["cas", "get", "get"], secondary.Take());
            Assert.Empty(other.Take());
            Assert.Equal(2, read.State.Counter);
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The commands the client completed on one node (meter <c>Memcached.Client</c>), sorted.</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string> _commands = new();

        public CommandCounter(string node)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MemcachedClient.MeterName && instrument.Name == "memcached.client.operations")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? command = null;
                var onNode = false;
                foreach (var tag in tags)
                {
                    command = tag.Key == "memcached.command" ? tag.Value as string : command;
                    onNode |= tag.Key == "memcached.node" && Equals(tag.Value, node);
                }

                if (onNode && command is not null)
                {
                    _commands.Enqueue(command);
                }
            });
            _listener.Start();
        }

        public string[] Take()
        {
            var taken = new List<string>();
            while (_commands.TryDequeue(out var command))
            {
                taken.Add(command);
            }

            return [.. taken.Order(StringComparer.Ordinal)];
        }

        public void Dispose() => _listener.Dispose();
    }
}
