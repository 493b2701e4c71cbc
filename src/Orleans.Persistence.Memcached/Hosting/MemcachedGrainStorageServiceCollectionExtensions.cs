using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Serialization;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Hosting;

/// <summary>Registers memcached grain storage on an <see cref="IServiceCollection"/>.</summary>
public static class MemcachedGrainStorageServiceCollectionExtensions
{
    /// <summary>Registers memcached as the default grain storage.</summary>
    public static IServiceCollection AddMemcachedGrainStorageAsDefault(this IServiceCollection services, Action<MemcachedGrainStorageOptions> configureOptions) =>
        services.AddMemcachedGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Registers memcached grain storage named <paramref name="name"/>.</summary>
    public static IServiceCollection AddMemcachedGrainStorage(this IServiceCollection services, string name, Action<MemcachedGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddMemcachedGrainStorage(name, builder => builder.Configure(configureOptions));
    }

    /// <summary>Registers memcached as the default grain storage, configured through an options builder.</summary>
    public static IServiceCollection AddMemcachedGrainStorageAsDefault(this IServiceCollection services, Action<OptionsBuilder<MemcachedGrainStorageOptions>>? configureOptions = null) =>
        services.AddMemcachedGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Registers memcached grain storage named <paramref name="name"/>, configured through an options builder.</summary>
    public static IServiceCollection AddMemcachedGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<MemcachedGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = services.AddOptions<MemcachedGrainStorageOptions>(name);
        configureOptions?.Invoke(options);

        // A [MemoryPackable] state gets MemoryPack, the rest the silo's serializer. A configure step (not a
        // post-configure): Orleans' default-serializer post-configure applies to every options name, so with
        // two providers the second one's would run first and fill in the silo's serializer.
        options.Configure<IGrainStorageSerializer>((o, silo) => o.GrainStorageSerializer ??= new MemoryPackGrainStorageSerializer(silo));
        services.AddTransient<IPostConfigureOptions<MemcachedGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<MemcachedGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(sp => new MemcachedGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<MemcachedGrainStorageOptions>>().Get(name), name, sp));
        services.TryAddSingleton<StorageMetrics>();

        // A storage failure a grain lets through reaches its caller as itself, not as a codec error.
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.UnionWith(ExceptionNamespaces));
        return services.AddGrainStorage(name, Create);
    }

    /// <summary>
    /// Makes every grain storage provider that uses the silo's serializer store <c>[MemoryPackable]</c>
    /// states with MemoryPack (other types keep the silo's serializer). One call, after <c>UseOrleans</c>.
    /// </summary>
    public static IServiceCollection AddMemoryPackGrainStorageSerializer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var current = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorageSerializer) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("No IGrainStorageSerializer is registered yet: call AddMemoryPackGrainStorageSerializer after UseOrleans/AddOrleans.");
        if (current.ImplementationFactory?.Target is MemoryPackMarker)
        {
            return services;
        }

        services.Remove(current);
        var marker = new MemoryPackMarker(current);
        services.AddSingleton<IGrainStorageSerializer>(marker.Create);
        return services;
    }

    /// <summary>Where the exceptions a storage operation can throw live (<see cref="MemcachedException"/> and <see cref="MemcachedStorageException"/>).</summary>
    private static readonly string[] ExceptionNamespaces = [typeof(MemcachedException).Namespace!, typeof(MemcachedStorageException).Namespace!];

    private static MemcachedGrainStorage Create(IServiceProvider services, string name) =>
        new(name,
            services.GetRequiredService<IOptionsMonitor<MemcachedGrainStorageOptions>>().Get(name),
            services,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<ILogger<MemcachedGrainStorage>>(),
            services.GetRequiredService<StorageMetrics>());

    /// <summary>Builds the wrapped serializer from the registration it replaced.</summary>
    private sealed class MemoryPackMarker(ServiceDescriptor inner)
    {
        public IGrainStorageSerializer Create(IServiceProvider services)
        {
            var fallback = inner.ImplementationInstance as IGrainStorageSerializer
                ?? inner.ImplementationFactory?.Invoke(services) as IGrainStorageSerializer
                ?? (IGrainStorageSerializer)ActivatorUtilities.CreateInstance(services, inner.ImplementationType!);
            return new MemoryPackGrainStorageSerializer(fallback);
        }
    }
}
