using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using WebFront.Admin;
using WebFront.Api;
using WebFront.Diagnostics;
using WebFront.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The site itself: pages, the session API, the admin API, and the request pipeline.</summary>
public static class WebFrontAppExtensions
{
    /// <summary>Adds the Razor pages, the admin API's authentication and the front-end's own options.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddWebFrontSite(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WebFrontOptions>().BindConfiguration(WebFrontOptions.SectionName);
        WebFrontConfiguration.Bind<AdminOptions>(builder, AdminOptions.SectionName);
        builder.Services.AddRazorPages();
        builder.Services.AddAdminApi();
        return builder;
    }

    /// <summary>The pipeline: static files, session, authentication, then pages, APIs, health and metrics.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseWebFront(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles();
        app.UseSession();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapSessionApi();
        app.MapAdminApi();
        app.MapWebFrontOperations();
        LogStart(app);
        return app;
    }

    private static void LogStart(WebApplication app)
    {
        var front = app.Services.GetRequiredService<IOptions<WebFrontOptions>>().Value;
        var orleans = app.Services.GetRequiredService<IOptions<OrleansClientOptions>>().Value;
        var keyRing = app.Services.GetRequiredService<IOptions<DataProtectionKeyRingOptions>>().Value;
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        WebFrontLog.Started(app.Logger, front.EffectiveInstanceName, orleans.Clustering, WebFrontDataProtectionExtensions.ResolveKeyRing(app.Configuration, keyRing), admin.ToString());
        if (string.IsNullOrEmpty(admin.ApiKey))
        {
            WebFrontLog.AdminDisabled(app.Logger);
        }
    }
}
