using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Serialization;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Tests.Support;

/// <summary>Which serializer a storage under test uses.</summary>
public enum SerializerKind
{
    /// <summary>The provider's default: MemoryPack for [MemoryPackable] states.</summary>
    MemoryPack,

    /// <summary>Orleans' own binary serializer (what the MemoryPack serializer falls back to).</summary>
    Orleans,
}

/// <summary>Creates <see cref="MemcachedGrainStorage"/> instances against real memcached, each under its own key prefix.</summary>
internal static class StorageFactory
{
    public const string ServiceId = "conformance-service";
    public const string ProviderName = "conformance";

    private static readonly Lazy<IGrainStorageSerializer> OrleansSerializer = new(() =>
        new OrleansGrainStorageSerializer(new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(PackedState).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>()));

    public static IGrainStorageSerializer Serializer(SerializerKind kind) =>
        kind == SerializerKind.MemoryPack ? new MemoryPackGrainStorageSerializer(OrleansSerializer.Value) : OrleansSerializer.Value;

    public static async Task<MemcachedGrainStorage> StartAsync(
        IEnumerable<string> servers, bool deleteStateOnClear = false, SerializerKind serializer = SerializerKind.MemoryPack, Action<MemcachedGrainStorageOptions>? configure = null, StorageMetrics? metrics = null, ILogger<MemcachedGrainStorage>? logger = null)
    {
        var options = new MemcachedGrainStorageOptions
        {
            DeleteStateOnClear = deleteStateOnClear,
            GrainStorageSerializer = Serializer(serializer),
            KeyPrefix = $"t{Guid.NewGuid():N}/",
        };

        // Generous, so a CPU stall on a loaded 2-core CI machine is latency, not a failed request.
        options.Client.OperationTimeout = TimeSpan.FromSeconds(5);
        foreach (var server in servers)
        {
            options.Client.Servers.Add(server);
        }

        configure?.Invoke(options);
        Assert.Empty(MemcachedGrainStorageOptionsValidator.Check(options, ProviderName));
        var storage = new MemcachedGrainStorage(ProviderName, options, new ServiceCollection().BuildServiceProvider(), ServiceId, logger ?? NullLogger<MemcachedGrainStorage>.Instance, metrics ?? new StorageMetrics());
        await storage.StartAsync(CancellationToken.None);
        return storage;
    }

    /// <summary>The memcached key of a state, for tests that reach under the provider.</summary>
    public static string KeyOf(MemcachedGrainStorage storage, string stateName, GrainId grainId) =>
        storage.Keys.Memcached(StateKeys.Logical(stateName, grainId));
}

/// <summary>A minimal <see cref="IGrainState{T}"/> like the one Orleans passes to providers.</summary>
public sealed class TestGrainState<T> : IGrainState<T>
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
