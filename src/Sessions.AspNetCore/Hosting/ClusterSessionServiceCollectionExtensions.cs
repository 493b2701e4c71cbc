using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sessions.AspNetCore;
using Sessions.AspNetCore.Admin;
using Sessions.AspNetCore.Diagnostics;
using Sessions.AspNetCore.Hosting;
using Sessions.AspNetCore.Middleware;
using Sessions.AspNetCore.Store;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the cluster session store: <c>HttpContext.Session</c> backed by session grains.</summary>
public static class ClusterSessionServiceCollectionExtensions
{
    /// <summary>
    /// Replaces ASP.NET Core's <see cref="ISessionStore"/> with the cluster store. Keep <c>services.AddSession(...)</c>
    /// and <c>app.UseSession()</c>. The session cookie is marked Secure over HTTPS (a <c>SecurePolicy</c> of <c>None</c>, ASP.NET Core's
    /// default, becomes <c>SameAsRequest</c>). The app needs an Orleans client (an <see cref="IGrainFactory"/>) connected to silos
    /// hosting the session grains, and a data-protection key ring shared by every front-end.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<ClusterSessionOptions> AddClusterSessionStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDataProtection();

        // ASP.NET Core's session cookie is not Secure by default even over HTTPS; this store's cookies are.
        services.PostConfigure<SessionOptions>(o =>
        {
            if (o.Cookie.SecurePolicy == CookieSecurePolicy.None)
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
        });
        DecorateDataProtection(services);
        services.RemoveAll<ISessionStore>();
        services.AddSingleton<ISessionStore, ClusterSessionStore>();
        services.AddSessionGrainClient();
        services.TryAddSingleton<SessionCookies>();
        services.TryAddSingleton<SessionWebMetrics>();
        services.TryAddSingleton(sp => new SessionReadCache(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<ClusterSessionOptions>>().Value.ReadCacheCapacity,
            sp.GetRequiredService<SessionWebMetrics>()));
        services.TryAddSingleton<SessionStoreServices>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SessionLeaseRelease>());
        services.TryAddSingleton<IClusterSessionAdmin, ClusterSessionAdmin>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, ClusterSessionStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, ClusterSessionExceptionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterSessionOptions>, ClusterSessionOptionsValidator>());
        return services.AddOptions<ClusterSessionOptions>().ValidateOnStart();
    }

    // The session cookie's protector remembers what it unprotected (see SessionCookieProtection); every other purpose is untouched.
    private static void DecorateDataProtection(IServiceCollection services)
    {
        ServiceDescriptor? original = services.LastOrDefault(d => d.ServiceType == typeof(IDataProtectionProvider) && !d.IsKeyedService);
        if (original is null || services.Any(d => d.ServiceType == typeof(DecoratedMarker)))
        {
            return;
        }

        services.Remove(original);
        services.AddSingleton<IDataProtectionProvider>(sp => new SessionCookieProtection(Resolve(sp, original), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(new DecoratedMarker());
    }

    private sealed class DecoratedMarker;

    private static IDataProtectionProvider Resolve(IServiceProvider services, ServiceDescriptor original) =>
        (IDataProtectionProvider)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, original.ImplementationType!));

    /// <summary>Replaces ASP.NET Core's session store with the cluster store (see <see cref="AddClusterSessionStore(IServiceCollection)"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddClusterSessionStore(this IServiceCollection services, Action<ClusterSessionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddClusterSessionStore().Configure(configure);
        return services;
    }

    /// <summary>Replaces ASP.NET Core's session store with the cluster store, options bound from <paramref name="configuration"/> (e.g. the section <c>ClusterSessions</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The options' configuration section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddClusterSessionStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddClusterSessionStore().Bind(configuration);
        return services;
    }
}
