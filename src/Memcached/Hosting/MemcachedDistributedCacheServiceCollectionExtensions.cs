using Memcached.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MemcachedDistributedCache"/> as the <see cref="IDistributedCache"/>.</summary>
public static class MemcachedDistributedCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers the memcached <see cref="IDistributedCache"/> and a memcached client bound from
    /// <paramref name="configuration"/> (see <see cref="MemcachedServiceCollectionExtensions.AddMemcachedClient(IServiceCollection, IConfiguration, string)"/>).
    /// </summary>
    public static IServiceCollection AddMemcachedDistributedCache(this IServiceCollection services, IConfiguration configuration, Action<MemcachedDistributedCacheOptions>? configure = null)
    {
        services.AddMemcachedClient(configuration);
        return services.AddMemcachedDistributedCache(configure);
    }

    /// <summary>
    /// Registers the memcached <see cref="IDistributedCache"/> over the <see cref="Memcached.IMemcachedClient"/>
    /// already registered (call <c>AddMemcachedClient</c> too).
    /// </summary>
    public static IServiceCollection AddMemcachedDistributedCache(this IServiceCollection services, Action<MemcachedDistributedCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MemcachedDistributedCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => MemcachedDistributedCacheOptions.IsUsablePrefix(o.KeyPrefix), MemcachedDistributedCacheOptions.PrefixRule).ValidateOnStart();
        services.Replace(ServiceDescriptor.Singleton<IDistributedCache, MemcachedDistributedCache>());
        return services;
    }
}
