using Xunit;

namespace TestKit;

/// <summary>One redis-server for a test class or collection.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The redis fixture is not started; xunit starts it through IAsyncLifetime.InitializeAsync.");

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
