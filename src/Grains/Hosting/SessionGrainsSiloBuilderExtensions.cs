using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sessions.Configuration;

namespace Orleans.Hosting;

/// <summary>Adds the session grains to a silo.</summary>
public static class SessionGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the session grains, with options from the silo's <c>Sessions</c> configuration section and
    /// then <paramref name="configure"/>. Register a grain storage named <c>sessions</c> too
    /// (<c>AddMemcachedGrainStorage("sessions", …)</c>).
    /// </summary>
    public static ISiloBuilder AddSessionGrains(this ISiloBuilder builder, Action<SessionGrainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSessionGrains(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds the session grains, configured through an options builder.</summary>
    public static ISiloBuilder AddSessionGrains(this ISiloBuilder builder, Action<OptionsBuilder<SessionGrainOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSessionGrains(builder.Configuration);
        builder.Services.AddSessionGrains(configureOptions);
        return builder;
    }
}
