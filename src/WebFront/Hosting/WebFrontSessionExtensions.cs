using Microsoft.AspNetCore.Http;
using WebFront.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>ASP.NET Core sessions on the cluster, configured from the <c>Session</c> and <c>ClusterSessions</c> sections.</summary>
public static class WebFrontSessionExtensions
{
    /// <summary>Adds <c>AddSession</c> (cookie HttpOnly, SameSite=Lax, Secure over HTTPS) and the cluster session store.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddWebFrontSessions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        WebFrontSessionOptions options = WebFrontConfiguration.Bind<WebFrontSessionOptions>(builder, WebFrontSessionOptions.SectionName);
        builder.Services.AddSession(session =>
        {
            session.Cookie.Name = options.CookieName;
            session.Cookie.HttpOnly = true;
            session.Cookie.SameSite = SameSiteMode.Lax;
            session.Cookie.SecurePolicy = options.CookieSecurePolicy;
            session.Cookie.IsEssential = true;
            session.IdleTimeout = options.IdleTimeout;
            session.IOTimeout = options.IOTimeout;
        });
        builder.AddClusterSessionStore();
        return builder;
    }
}
