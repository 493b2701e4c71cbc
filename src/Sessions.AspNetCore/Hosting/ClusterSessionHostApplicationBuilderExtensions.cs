using Microsoft.Extensions.DependencyInjection;
using Sessions.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the cluster session store on a host builder, options from configuration.</summary>
public static class ClusterSessionHostApplicationBuilderExtensions
{
    /// <summary>
    /// Replaces ASP.NET Core's session store with the cluster store, options bound from the configuration section
    /// <c>ClusterSessions</c> (see <see cref="ClusterSessionServiceCollectionExtensions.AddClusterSessionStore(IServiceCollection)"/>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Configures the options after the configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddClusterSessionStore(this IHostApplicationBuilder builder, Action<ClusterSessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddClusterSessionStore().Bind(builder.Configuration.GetSection(ClusterSessionOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }
}
