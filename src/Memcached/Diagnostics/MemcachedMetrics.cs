using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Memcached.Diagnostics;

/// <summary>
/// The client's instruments, under the meter <c>Memcached.Client</c> (names prefixed <c>memcached.client.</c>).
/// </summary>
internal sealed class MemcachedMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _operations;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _bytesReceived;
    private readonly UpDownCounter<int> _nodesDown;
    private readonly Counter<long> _nodeStateChanges;

    public MemcachedMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MemcachedClient.MeterName) ?? new Meter(MemcachedClient.MeterName);
        _operations = _meter.CreateCounter<long>("memcached.client.operations", "{operation}", "Operations that completed, by command and node.");
        _errors = _meter.CreateCounter<long>("memcached.client.errors", "{operation}", "Operations that failed, by command, node and error kind (timeouts included).");
        _duration = _meter.CreateHistogram<double>("memcached.client.operation.duration", "s", "Operation latency, queueing and connecting included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _bytesSent = _meter.CreateCounter<long>("memcached.client.bytes_sent", "By", "Bytes written to memcached.");
        _bytesReceived = _meter.CreateCounter<long>("memcached.client.bytes_received", "By", "Bytes read from memcached.");
        _nodesDown = _meter.CreateUpDownCounter<int>("memcached.client.nodes_down", "{node}", "Nodes currently marked down.");
        _nodeStateChanges = _meter.CreateCounter<long>("memcached.client.node_state_changes", "{change}", "Nodes marked down or back up.");
    }

    public void Completed(string command, string node, TimeSpan elapsed)
    {
        var tags = new TagList { { "memcached.command", command }, { "memcached.node", node } };
        _operations.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Failed(string command, string node, MemcachedErrorKind kind)
    {
        if (_errors.Enabled)
        {
            _errors.Add(1, new TagList { { "memcached.command", command }, { "memcached.node", node }, { "error.type", kind.ToString() } });
        }
    }

    public void BytesSent(string node, long bytes) => _bytesSent.Add(bytes, new KeyValuePair<string, object?>("memcached.node", node));

    public void BytesReceived(string node, long bytes) => _bytesReceived.Add(bytes, new KeyValuePair<string, object?>("memcached.node", node));

    public void NodeDown(string node)
    {
        _nodesDown.Add(1, new KeyValuePair<string, object?>("memcached.node", node));
        _nodeStateChanges.Add(1, new TagList { { "memcached.node", node }, { "state", "down" } });
    }

    public void NodeUp(string node)
    {
        _nodesDown.Add(-1, new KeyValuePair<string, object?>("memcached.node", node));
        _nodeStateChanges.Add(1, new TagList { { "memcached.node", node }, { "state", "up" } });
    }

    public void Dispose() => _meter.Dispose();
}
