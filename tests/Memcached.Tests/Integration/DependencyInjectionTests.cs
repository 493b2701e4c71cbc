using Memcached.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TestKit;

namespace Memcached.Tests.Integration;

/// <summary>The client registered through DI from configuration works against a real server.</summary>
public sealed class DependencyInjectionTests(MemcachedFixture fixture) : IClassFixture<MemcachedFixture>
{
    [Fact]
    public async Task Client_from_the_connection_string_is_a_singleton_that_works()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:memcached"] = fixture.Server.EndPoint })
            .Build();
        var services = new ServiceCollection();
        services.AddMemcachedClient(configuration);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IMemcachedClient>();
        var key = TestClients.Key();
        await client.SetAsync(key, "di"u8.ToArray());
        using var hit = await client.GetAsync(key);

        Assert.Same(client, provider.GetRequiredService<IMemcachedClient>());
        Assert.Equal("di"u8.ToArray(), hit.ToArray());
    }
}
