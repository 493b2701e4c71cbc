using Xunit;

namespace TestKit;

/// <summary>
/// Three default memcached servers for a test class or collection.
/// A test that kills or pauses a node should call <see cref="ServerProcess.EnsureRunningAsync"/> on it when done.
/// </summary>
public sealed class MemcachedClusterFixture : IAsyncLifetime
{
    public const int NodeCount = 3;

    private MemcachedCluster? _cluster;

    public MemcachedCluster Cluster => _cluster ?? throw new InvalidOperationException("The memcached cluster fixture is not started; xunit starts it through IAsyncLifetime.InitializeAsync.");

    public async Task InitializeAsync()
    {
        _cluster = await MemcachedCluster.StartAsync(NodeCount);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
