using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using WebFront.DataProtection;
using WebFront.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The data-protection key ring every front-end shares, so a session cookie issued by one is read by all.</summary>
public static class WebFrontDataProtectionExtensions
{
    /// <summary>
    /// Configures data protection from the <c>DataProtection</c> section: the key ring in Redis
    /// (<c>ConnectionStrings:redis</c>), in a shared directory, or ASP.NET Core's per-machine default; and one
    /// application name for all front-ends.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddWebFrontDataProtection(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        DataProtectionKeyRingOptions options = WebFrontConfiguration.Bind<DataProtectionKeyRingOptions>(builder, DataProtectionKeyRingOptions.SectionName);
        IDataProtectionBuilder dataProtection = builder.Services.AddDataProtection().SetApplicationName(options.ApplicationName);
        switch (ResolveKeyRing(builder.Configuration, options))
        {
            case "Redis":
                string redis = WebFrontConfiguration.RequireRedis(builder, $"{DataProtectionKeyRingOptions.SectionName}:KeyRing is Redis");
                var configuration = ConfigurationOptions.Parse(redis);
                configuration.AbortOnConnectFail = false;
                var multiplexer = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
                dataProtection.PersistKeysToStackExchangeRedis(() => multiplexer.Value.GetDatabase(), options.RedisKey);
                builder.Services.TryAddSingleton<IKeyRingLock>(sp => new RedisKeyRingLock(() => multiplexer.Value.GetDatabase(), options.RedisKey, sp.GetService<TimeProvider>() ?? TimeProvider.System));
                break;
            case "Directory":
                dataProtection.PersistKeysToFileSystem(new DirectoryInfo(options.KeyDirectory!));
                builder.Services.TryAddSingleton<IKeyRingLock>(sp => new DirectoryKeyRingLock(options.KeyDirectory!, sp.GetService<TimeProvider>() ?? TimeProvider.System));
                break;
        }

        if (builder.Services.Any(d => d.ServiceType == typeof(IKeyRingLock)))
        {
            builder.Services.AddHostedService<SharedKeyRingInitializer>();
        }

        return builder;
    }

    /// <summary>The key ring in use: Redis, Directory or Default (Auto resolved).</summary>
    internal static string ResolveKeyRing(IConfiguration configuration, DataProtectionKeyRingOptions options)
    {
        if (!string.Equals(options.KeyRing, "Auto", StringComparison.OrdinalIgnoreCase))
        {
            return char.ToUpperInvariant(options.KeyRing[0]) + options.KeyRing[1..].ToLowerInvariant();
        }

        return string.IsNullOrEmpty(configuration.GetConnectionString("redis")) ? "Default" : "Redis";
    }
}
