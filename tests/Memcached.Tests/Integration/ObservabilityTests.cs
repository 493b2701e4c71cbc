using System.Diagnostics.Metrics;
using Memcached.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TestKit;

namespace Memcached.Tests.Integration;

/// <summary>Metrics and logs: counts that match what happened, and no key or value in any log line.</summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Metrics_count_operations_errors_bytes_and_node_state_changes()
    {
        await using var server = await MemcachedServer.StartAsync();
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MemcachedClient.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i.Name, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i.Name, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i.Name, v, tags));
        listener.Start();

        await using var client = TestClients.Create(server.EndPoint, o => o.FailureThreshold = 1);
        await client.SetAsync("m", new byte[100]);
        using (await client.GetAsync("m"))
        {
        }

        await server.KillAsync();
        await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("m").AsTask());
        await Poll.UntilAsync(() => { lock (measurements) return measurements.Any(m => m.Instrument == "memcached.client.nodes_down"); }, "the node is counted down");

        lock (measurements)
        {
            var operations = measurements.Where(m => m.Instrument == "memcached.client.operations").ToList();
            Assert.Equal(1, operations.Count(m => (string?)m.Tags["memcached.command"] == "set"));
            Assert.Equal(1, operations.Count(m => (string?)m.Tags["memcached.command"] == "get"));
            Assert.Equal(2, measurements.Count(m => m.Instrument == "memcached.client.operation.duration"));
            Assert.Contains(measurements, m => m.Instrument == "memcached.client.errors" && (string?)m.Tags["error.type"] is "ConnectionFailed" or "NodeDown");
            Assert.True(measurements.Where(m => m.Instrument == "memcached.client.bytes_sent").Sum(m => m.Value) > 100);
            Assert.True(measurements.Where(m => m.Instrument == "memcached.client.bytes_received").Sum(m => m.Value) > 100);
            Assert.Contains(measurements, m => m.Instrument == "memcached.client.nodes_down" && m.Value == 1);
        }

        void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (copy.GetValueOrDefault("memcached.node") as string != server.EndPoint)
            {
                return; // another test's client
            }

            lock (measurements)
            {
                measurements.Add((name, value, copy));
            }
        }
    }

    [Fact]
    public async Task Node_state_changes_are_logged_with_the_node_and_never_a_key()
    {
        await using var server = await MemcachedServer.StartAsync();
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        var options = new MemcachedClientOptions { FailureThreshold = 1, ProbeInterval = TimeSpan.FromMilliseconds(50), MaxProbeInterval = TimeSpan.FromMilliseconds(100) };
        options.Servers.Add(server.EndPoint);
        await using var client = new MemcachedClient(options, loggerFactory);
        await client.SetAsync("secret-session-id", "secret-value"u8.ToArray());

        await server.KillAsync();
        await Assert.ThrowsAsync<MemcachedException>(() => client.GetAsync("secret-session-id").AsTask());
        await server.RestartAsync();
        await Poll.UntilAsync(() => client.Nodes[0].IsAvailable, "the node is back up");

        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 3 && r.Level == LogLevel.Error && r.Message.Contains(server.EndPoint, StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Id == 4 && r.Message.Contains(server.EndPoint, StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Message.Contains("secret", StringComparison.Ordinal));
    }
}
