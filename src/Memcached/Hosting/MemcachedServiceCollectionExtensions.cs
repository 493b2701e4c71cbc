using Memcached;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IMemcachedClient"/> (a singleton <see cref="MemcachedClient"/>).</summary>
public static class MemcachedServiceCollectionExtensions
{
    /// <summary>
    /// Registers the client with options from <paramref name="configure"/>. Returns the options
    /// builder for further configuration; options are validated at start-up.
    /// </summary>
    public static OptionsBuilder<MemcachedClientOptions> AddMemcachedClient(this IServiceCollection services, Action<MemcachedClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddMemcachedClient().Configure(configure);
    }

    /// <summary>
    /// Registers the client with options bound from <paramref name="configuration"/>: the section
    /// <paramref name="sectionName"/> (<c>Memcached:Servers:0=host:port</c>, ...), with the connection
    /// string <c>ConnectionStrings:memcached</c> (<c>host1:11211,host2:11211</c>) as the server list when
    /// the section lists none.
    /// </summary>
    public static OptionsBuilder<MemcachedClientOptions> AddMemcachedClient(this IServiceCollection services, IConfiguration configuration, string sectionName = MemcachedClientOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddMemcachedClient(sectionName).Configure(options => Bind(options, configuration, sectionName));
    }

    /// <summary>Registers the client; configure its options through the returned builder.</summary>
    public static OptionsBuilder<MemcachedClientOptions> AddMemcachedClient(this IServiceCollection services) =>
        services.AddMemcachedClient(MemcachedClientOptions.SectionName);

    /// <summary>Binds <paramref name="options"/> from <paramref name="configuration"/> (see <see cref="AddMemcachedClient(IServiceCollection, IConfiguration, string)"/>).</summary>
    public static void Bind(MemcachedClientOptions options, IConfiguration configuration, string sectionName = MemcachedClientOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.GetSection(sectionName).Bind(options);
        if (options.Servers.Count == 0 && configuration.GetConnectionString("memcached") is { Length: > 0 } connectionString)
        {
            foreach (var server in connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.Servers.Add(server);
            }
        }
    }

    private static OptionsBuilder<MemcachedClientOptions> AddMemcachedClient(this IServiceCollection services, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemcachedClientOptions>>(new MemcachedClientOptionsValidator(sectionName)));
        services.TryAddSingleton<IMemcachedClient>(sp => ActivatorUtilities.CreateInstance<MemcachedClient>(sp, sp.GetRequiredService<IOptions<MemcachedClientOptions>>()));
        return services.AddOptions<MemcachedClientOptions>().ValidateOnStart();
    }
}
