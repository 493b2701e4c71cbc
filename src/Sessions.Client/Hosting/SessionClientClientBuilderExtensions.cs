using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sessions.Client;

namespace Orleans.Hosting;

/// <summary>Adds <see cref="ISessionClient"/> to an Orleans client.</summary>
public static class SessionClientClientBuilderExtensions
{
    /// <summary>Adds <see cref="ISessionClient"/>, with options from the client's <c>SessionClient</c> configuration section and then <paramref name="configure"/>.</summary>
    public static IClientBuilder AddSessionGrainClient(this IClientBuilder builder, Action<SessionClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSessionGrainClient(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds <see cref="ISessionClient"/>, configured through an options builder.</summary>
    public static IClientBuilder AddSessionGrainClient(this IClientBuilder builder, Action<OptionsBuilder<SessionClientOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSessionGrainClient(builder.Configuration);
        builder.Services.AddSessionGrainClient(configureOptions);
        return builder;
    }
}
