using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Sessions.AspNetCore.Middleware;

/// <summary>
/// For apps with <c>UseExceptionHandler()</c>, which catches exceptions before they reach the cluster session
/// middleware: the same 413/503 answers instead of the generic error page.
/// </summary>
internal sealed class ClusterSessionExceptionHandler(IOptions<ClusterSessionOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted || SessionProblems.For(exception, options.Value) is not { } problem)
        {
            return false;
        }

        if (RequestSessionScope.Current?.Session is { } session)
        {
            session.Abandoned = true;
        }

        await problem.WriteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
