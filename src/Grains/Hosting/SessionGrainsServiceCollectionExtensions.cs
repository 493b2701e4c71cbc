using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sessions;
using Sessions.Configuration;
using Sessions.Diagnostics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the session grains need in a silo's services.</summary>
public static class SessionGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the session grains' services with options bound from the <c>Sessions</c> section of
    /// <paramref name="configuration"/> (when given) and then <paramref name="configure"/>. Options are
    /// validated at start-up. The grains need a grain storage named <see cref="SessionGrainOptions.StorageName"/>.
    /// </summary>
    public static IServiceCollection AddSessionGrains(this IServiceCollection services, IConfiguration? configuration = null, Action<SessionGrainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SessionGrainOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(SessionGrainOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionGrainOptions>, SessionGrainOptionsValidator>());
        services.TryAddSingleton<SessionClock>();
        services.TryAddSingleton<SessionStorageHealth>();
        services.TryAddSingleton<SessionMetrics>();
        services.TryAddSingleton<SessionGrainServices>();
        return services;
    }

    /// <summary>Registers the session grains' services, configured through an options builder.</summary>
    public static IServiceCollection AddSessionGrains(this IServiceCollection services, Action<OptionsBuilder<SessionGrainOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddSessionGrains();
        configureOptions(services.AddOptions<SessionGrainOptions>());
        return services;
    }
}
