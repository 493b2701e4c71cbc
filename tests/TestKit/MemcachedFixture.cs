using Xunit;

namespace TestKit;

/// <summary>
/// One default memcached server for a test class (<c>IClassFixture&lt;MemcachedFixture&gt;</c>) or collection.
/// A test that kills or pauses it should call <see cref="ServerProcess.EnsureRunningAsync"/> when done.
/// </summary>
public sealed class MemcachedFixture : IAsyncLifetime
{
    private MemcachedServer? _server;

    public MemcachedServer Server => _server ?? throw new InvalidOperationException("The memcached fixture is not started; xunit starts it through IAsyncLifetime.InitializeAsync.");

    public async Task InitializeAsync()
    {
        _server = await MemcachedServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
