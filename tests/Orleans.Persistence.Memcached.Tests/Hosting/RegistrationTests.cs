using System.Text;
using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Serialization;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Hosting;

/// <summary>Options validation, a shared client from DI, and the one-call MemoryPack serializer registration.</summary>
public sealed class RegistrationTests(MemcachedFixture fixture) : IClassFixture<MemcachedFixture>
{
    [Fact]
    public void Validation_names_every_bad_key()
    {
        var options = new MemcachedGrainStorageOptions { MaxStateSize = 0, EntryTtl = TimeSpan.FromSeconds(-1), GrainStorageSerializer = StorageFactory.Serializer(SerializerKind.Orleans) };
        options.Client.Servers.Add("x:abc");
        options.EntryTtlOverrides["cart"] = TimeSpan.Zero;

        var errors = MemcachedGrainStorageOptionsValidator.Check(options, "sessions");

        Assert.Contains("Orleans:GrainStorage:sessions:Client:Servers:0 'x:abc' is not host:port.", errors);
        Assert.Contains(errors, e => e.StartsWith("Orleans:GrainStorage:sessions:MaxStateSize is 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Orleans:GrainStorage:sessions:EntryTtl is -00:00:01", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Orleans:GrainStorage:sessions:EntryTtlOverrides:cart", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Replication_and_large_state_options_are_validated_with_their_keys()
    {
        var options = new MemcachedGrainStorageOptions { ReplicaCount = 3, WriteQuorum = 4, MaxItemSize = 100, CompressionThreshold = -1, GrainStorageSerializer = StorageFactory.Serializer(SerializerKind.Orleans) };
        options.Client.Servers.Add("127.0.0.1:11211");
        options.Client.Servers.Add("127.0.0.1:11212");

        var errors = MemcachedGrainStorageOptionsValidator.Check(options, "sessions");

        Assert.Contains(errors, e => e.StartsWith("Orleans:GrainStorage:sessions:ReplicaCount is 3; it must be between 1 and the number of memcached servers (2)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Orleans:GrainStorage:sessions:WriteQuorum is 4", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Orleans:GrainStorage:sessions:MaxItemSize is 100", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Orleans:GrainStorage:sessions:CompressionThreshold is -1", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);

        options.ReplicaCount = null;
        options.WriteQuorum = 2;
        options.MaxItemSize = MemcachedGrainStorageOptions.DefaultMaxItemSize;
        options.CompressionThreshold = null;
        Assert.Empty(MemcachedGrainStorageOptionsValidator.Check(options, "sessions"));
    }

    [Fact]
    public async Task The_replica_count_defaults_to_two_with_two_nodes_and_a_shared_client_is_checked_at_start()
    {
        var services = new ServiceCollection();
        services.AddMemcachedClient(o => o.Servers.Add(fixture.Server.EndPoint));
        await using var provider = services.BuildServiceProvider();
        var tooMany = new MemcachedGrainStorageOptions { ReplicaCount = 2, GrainStorageSerializer = StorageFactory.Serializer(SerializerKind.MemoryPack) };
        Assert.Empty(MemcachedGrainStorageOptionsValidator.Check(tooMany, "shared", provider));
        var storage = new MemcachedGrainStorage("shared", tooMany, provider, "svc", NullLogger<MemcachedGrainStorage>.Instance, new StorageMetrics());

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => storage.StartAsync(CancellationToken.None));
        Assert.Contains("Orleans:GrainStorage:shared:ReplicaCount is 2", error.Message, StringComparison.Ordinal);

        var two = await StorageFactory.StartAsync([fixture.Server.EndPoint, "127.0.0.1:1"]);
        Assert.Equal(2, two.ReplicaCount);
        await two.StopAsync(CancellationToken.None);
        var one = await StorageFactory.StartAsync([fixture.Server.EndPoint]);
        Assert.Equal(1, one.ReplicaCount);
        await one.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Without_servers_a_shared_client_must_be_registered()
    {
        var options = new MemcachedGrainStorageOptions { GrainStorageSerializer = StorageFactory.Serializer(SerializerKind.Orleans) };
        using var none = new ServiceCollection().BuildServiceProvider();
        var sharedServices = new ServiceCollection();
        sharedServices.AddMemcachedClient(o => o.Servers.Add("127.0.0.1:11211"));
        using var shared = sharedServices.BuildServiceProvider();

        var missing = MemcachedGrainStorageOptionsValidator.Check(options, "s", none);

        Assert.Contains(missing, e => e.Contains("Orleans:GrainStorage:s:Client:Servers is empty and no shared IMemcachedClient", StringComparison.Ordinal));
        Assert.Empty(MemcachedGrainStorageOptionsValidator.Check(options, "s", shared));
    }

    [Fact]
    public async Task A_shared_client_from_di_is_used_and_not_disposed_when_the_storage_stops()
    {
        var services = new ServiceCollection();
        services.AddMemcachedClient(o => o.Servers.Add(fixture.Server.EndPoint));
        await using var provider = services.BuildServiceProvider();
        var options = new MemcachedGrainStorageOptions { GrainStorageSerializer = StorageFactory.Serializer(SerializerKind.MemoryPack), KeyPrefix = "shared/" };
        Assert.Empty(MemcachedGrainStorageOptionsValidator.Check(options, "shared", provider));
        var storage = new MemcachedGrainStorage("shared", options, provider, "svc", NullLogger<MemcachedGrainStorage>.Instance, new StorageMetrics());
        await storage.StartAsync(CancellationToken.None);
        var grain = GrainId.Create("shared", Guid.NewGuid().ToString("N"));

        await storage.WriteStateAsync("state", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = 3 } });
        await storage.StopAsync(CancellationToken.None);

        var client = provider.GetRequiredService<IMemcachedClient>();
        using var raw = await client.GetAsync(StorageFactory.KeyOf(storage, "state", grain));
        Assert.True(raw.IsHit);
    }

    [Fact]
    public void Every_registered_memcached_storage_defaults_to_the_memorypack_serializer_and_an_explicit_one_is_kept()
    {
        var services = new ServiceCollection();
        var fallback = StorageFactory.Serializer(SerializerKind.Orleans);
        services.AddSingleton(fallback);
        services.AddMemcachedGrainStorage("first", o => o.Client.Servers.Add(fixture.Server.EndPoint));
        services.AddMemcachedGrainStorage("second", o => o.Client.Servers.Add(fixture.Server.EndPoint));
        services.AddMemcachedGrainStorage("explicit", o => o.GrainStorageSerializer = fallback);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<MemcachedGrainStorageOptions>>();

        Assert.IsType<MemoryPackGrainStorageSerializer>(options.Get("first").GrainStorageSerializer);
        Assert.IsType<MemoryPackGrainStorageSerializer>(options.Get("second").GrainStorageSerializer);
        Assert.Same(fallback, options.Get("explicit").GrainStorageSerializer);
    }

    [Fact]
    public void One_call_makes_the_silo_serializer_use_memorypack_for_memorypackable_states_only()
    {
        var services = new ServiceCollection();
        var fallback = StorageFactory.Serializer(SerializerKind.Orleans);
        services.AddSingleton(fallback);
        services.AddMemoryPackGrainStorageSerializer();
        services.AddMemoryPackGrainStorageSerializer(); // idempotent
        using var provider = services.BuildServiceProvider();

        var serializer = provider.GetRequiredService<IGrainStorageSerializer>();
        var packed = new PackedState { Counter = 5, Text = "mp" };
        var plain = new PlainState { Counter = 5, Text = "orleans" };

        Assert.IsType<MemoryPackGrainStorageSerializer>(serializer);
        Assert.Single(services, d => d.ServiceType == typeof(IGrainStorageSerializer));
        Assert.Equal(MemoryPack.MemoryPackSerializer.Serialize(packed), serializer.Serialize(packed).ToArray());
        Assert.Equal(fallback.Serialize(plain).ToArray(), serializer.Serialize(plain).ToArray());
        Assert.Equal("mp", serializer.Deserialize<PackedState>(serializer.Serialize(packed))!.Text);
        Assert.Equal("orleans", serializer.Deserialize<PlainState>(serializer.Serialize(plain))!.Text);
        Assert.True(MemoryPackGrainStorageSerializer.IsMemoryPackable<PackedState>());
        Assert.False(MemoryPackGrainStorageSerializer.IsMemoryPackable<PlainState>());
        Assert.NotEqual(Encoding.UTF8.GetString(serializer.Serialize(packed)), Encoding.UTF8.GetString(fallback.Serialize(packed)));
    }
}
