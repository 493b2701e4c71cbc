using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Memcached.Tests.Unit;

/// <summary>Server entries, validation messages that name keys, and binding from configuration.</summary>
public sealed class OptionsUnitTests
{
    [Theory]
    [InlineData("cache:11211", "cache", 11211)]
    [InlineData("cache", "cache", 11211)]
    [InlineData("10.0.0.5:11212", "10.0.0.5", 11212)]
    [InlineData("[::1]:11211", "::1", 11211)]
    [InlineData(" memcached-0.memcached.default.svc:11211 ", "memcached-0.memcached.default.svc", 11211)]
    public void Server_entries_parse(string text, string host, int port)
    {
        Assert.True(ServerAddress.TryParse(text, out var address));
        Assert.Equal((host, port), (address.Host, address.Port));
    }

    [Theory]
    [InlineData("localhost:abc")]
    [InlineData(":11211")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("::1:11211")]
    [InlineData("a b:1")]
    [InlineData("")]
    [InlineData("[::1]x")]
    public void Bad_server_entries_are_rejected(string text) => Assert.False(ServerAddress.TryParse(text, out _));

    [Fact]
    public void Validation_reports_every_problem_with_its_key()
    {
        var options = new MemcachedClientOptions { ConnectionsPerNode = 0, OperationTimeout = TimeSpan.Zero, MaxProbeInterval = TimeSpan.FromDays(60), Password = "p" };
        options.Servers.Add("ok:11211");
        options.Servers.Add("localhost:abc");
        options.Servers.Add("ok:11211");

        var errors = MemcachedClientOptionsValidator.Check(options, "Memcached");

        Assert.Contains("Memcached:Servers:1 'localhost:abc' is not host:port.", errors);
        Assert.Contains(errors, e => e.StartsWith("Memcached:Servers:2 'ok:11211' is listed twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Memcached:ConnectionsPerNode is 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Memcached:OperationTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Memcached:Password is set but Memcached:Username is not", StringComparison.Ordinal));
        Assert.Contains("Memcached:MaxProbeInterval is 60.00:00:00; it must be positive and at most one day.", errors);
        Assert.Equal(6, errors.Count);
        Assert.Contains("Memcached:Servers is empty", MemcachedClientOptionsValidator.Check(new MemcachedClientOptions(), "Memcached")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_the_section_or_from_the_connection_string()
    {
        var section = Bind(new()
        {
            ["Memcached:Servers:0"] = "a:11211",
            ["Memcached:Servers:1"] = "b:11212",
            ["Memcached:ConnectionsPerNode"] = "4",
            ["Memcached:OperationTimeout"] = "00:00:02",
            ["Memcached:NodeFailurePolicy"] = "FailFast",
            ["ConnectionStrings:memcached"] = "ignored:1",
        });
        var connectionString = Bind(new() { ["ConnectionStrings:memcached"] = "h1:11211, h2:11212" });

        Assert.Equal(["a:11211", "b:11212"], section.Servers);
        Assert.Equal(4, section.ConnectionsPerNode);
        Assert.Equal(TimeSpan.FromSeconds(2), section.OperationTimeout);
        Assert.Equal(NodeFailurePolicy.FailFast, section.NodeFailurePolicy);
        Assert.Equal(["h1:11211", "h2:11212"], connectionString.Servers);
    }

    [Fact]
    public void Invalid_configuration_fails_at_resolution_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Memcached:Servers:0"] = "x:abc" }).Build();
        var services = new ServiceCollection();
        services.AddMemcachedClient(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MemcachedClientOptions>>().Value);

        Assert.Contains("Memcached:Servers:0 'x:abc' is not host:port.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_never_appears_in_the_description()
    {
        var options = new MemcachedClientOptions { Username = "app", Password = "hunter2" };

        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password=***", options.ToString(), StringComparison.Ordinal);
    }

    private static MemcachedClientOptions Bind(Dictionary<string, string?> values)
    {
        var options = new MemcachedClientOptions();
        MemcachedServiceCollectionExtensions.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return options;
    }
}
