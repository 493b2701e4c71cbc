using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Sessions.AspNetCore.Middleware;

namespace Sessions.AspNetCore.Hosting;

/// <summary>Puts <see cref="ClusterSessionMiddleware"/> in front of the app's pipeline, so the app keeps calling only <c>UseSession()</c>.</summary>
internal sealed class ClusterSessionStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ClusterSessionMiddleware>();
        next(app);
    };
}
