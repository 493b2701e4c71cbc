using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sessions.AspNetCore.Client;
using Sessions.AspNetCore.Diagnostics;
using Sessions.AspNetCore.Store;

namespace Sessions.AspNetCore.Middleware;

/// <summary>
/// Runs first in the pipeline (added by a startup filter, so <c>app.UseSession()</c> stays the only call in the
/// app). It skips requests that match the ignore pattern, loads the session named by a readable cookie
/// <em>asynchronously</em> before any application code runs (SessionMiddleware's Create then finds it loaded, so no
/// read ever blocks), and turns session failures that reach it into clear 413/503 answers.
/// </summary>
internal sealed class ClusterSessionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SessionStoreServices _services;
    private readonly TimeSpan _ioTimeout;
    private readonly Regex? _ignore;

    public ClusterSessionMiddleware(RequestDelegate next, SessionStoreServices services, IOptions<SessionOptions> sessionOptions)
    {
        _next = next;
        _services = services;
        _ioTimeout = sessionOptions.Value.IOTimeout;
        string pattern = services.Options.IgnorePattern;
        _ignore = string.IsNullOrEmpty(pattern)
            ? null
            : new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var scope = new RequestSessionScope(context);
        if (_ignore is not null && _ignore.IsMatch(context.Request.Path.Value ?? string.Empty))
        {
            scope.Ignored = true;
            _services.Metrics.Ignored();
        }
        else if (_services.Cookies.ReadKey(context.Request, out string? problem) is { } key)
        {
            scope.PreloadedKey = key;
            scope.PreloadedGrainKey = SessionKeys.ToGrainKey(key);
            scope.Preloaded = await _services.LoadAsync(scope.PreloadedGrainKey, _ioTimeout, context.RequestAborted).ConfigureAwait(false);
        }
        else if (problem is not null)
        {
            SessionWebLog.UnreadableCookie(_services.Logger, problem);
        }

        RequestSessionScope.Current = scope;
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && SessionProblems.For(ex, _services.Options) is { } answer)
        {
            await FailAsync(context, scope, answer).ConfigureAwait(false);
            return;
        }

        // SessionMiddleware logs and swallows a failed commit at the end of the request; the answer is not sent yet.
        if (scope.Session is { CommitFailure: { } failure } && !context.Response.HasStarted && SessionProblems.For(failure, _services.Options) is { } late)
        {
            await FailAsync(context, scope, late).ConfigureAwait(false);
        }
    }

    private async Task FailAsync(HttpContext context, RequestSessionScope scope, SessionProblem problem)
    {
        if (scope.Session is { } session)
        {
            session.Abandoned = true;
        }

        SessionWebLog.RequestFailed(_services.Logger, problem.StatusCode, problem.Title);
        context.Response.Clear();
        await problem.WriteAsync(context).ConfigureAwait(false);
    }
}
