using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sessions.Client;
using Sessions.Client.Diagnostics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ISessionClient"/>.</summary>
public static class SessionClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISessionClient"/> (singleton) over the registered Orleans <see cref="IGrainFactory"/>,
    /// with options bound from the <c>SessionClient</c> section of <paramref name="configuration"/> (when given)
    /// and then <paramref name="configure"/>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddSessionGrainClient(this IServiceCollection services, IConfiguration? configuration = null, Action<SessionClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SessionClientOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(SessionClientOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionClientOptions>, SessionClientOptionsValidator>());
        services.TryAddSingleton<SessionClientMetrics>();
        services.TryAddSingleton<ISessionClient>(sp => ActivatorUtilities.CreateInstance<SessionClient>(sp));
        return services;
    }

    /// <summary>Registers <see cref="ISessionClient"/>, configured through an options builder.</summary>
    public static IServiceCollection AddSessionGrainClient(this IServiceCollection services, Action<OptionsBuilder<SessionClientOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddSessionGrainClient();
        configureOptions(services.AddOptions<SessionClientOptions>());
        return services;
    }
}
