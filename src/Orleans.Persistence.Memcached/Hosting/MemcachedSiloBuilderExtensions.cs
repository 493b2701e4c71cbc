using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Registers memcached grain storage on an <see cref="ISiloBuilder"/>.</summary>
public static class MemcachedSiloBuilderExtensions
{
    /// <summary>Registers memcached as the default grain storage.</summary>
    public static ISiloBuilder AddMemcachedGrainStorageAsDefault(this ISiloBuilder builder, Action<MemcachedGrainStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddMemcachedGrainStorageAsDefault(configureOptions));

    /// <summary>Registers memcached grain storage named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddMemcachedGrainStorage(this ISiloBuilder builder, string name, Action<MemcachedGrainStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddMemcachedGrainStorage(name, configureOptions));

    /// <summary>Registers memcached as the default grain storage, configured through an options builder.</summary>
    public static ISiloBuilder AddMemcachedGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<MemcachedGrainStorageOptions>>? configureOptions = null) =>
        builder.ConfigureServices(services => services.AddMemcachedGrainStorageAsDefault(configureOptions));

    /// <summary>Registers memcached grain storage named <paramref name="name"/>, configured through an options builder.</summary>
    public static ISiloBuilder AddMemcachedGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<MemcachedGrainStorageOptions>>? configureOptions = null) =>
        builder.ConfigureServices(services => services.AddMemcachedGrainStorage(name, configureOptions));
}
