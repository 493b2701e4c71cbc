using Microsoft.AspNetCore.Http;
using Sessions.AspNetCore.Store;

namespace Sessions.AspNetCore.Middleware;

/// <summary>
/// What the cluster session middleware learned about one request before SessionMiddleware runs: whether it is
/// ignored, and the session it already loaded. <see cref="ClusterSessionStore.Create"/> gets no HttpContext, so the
/// scope flows to it through the request's async context.
/// </summary>
internal sealed class RequestSessionScope(HttpContext http)
{
    private static readonly AsyncLocal<RequestSessionScope?> s_current = new();

    /// <summary>The scope of the request running on this async flow, if the middleware prepared it.</summary>
    public static RequestSessionScope? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public HttpContext Http { get; } = http;

    public bool Ignored { get; set; }

    /// <summary>The session key of the request's cookie, when it was readable and its session was loaded.</summary>
    public string? PreloadedKey { get; set; }

    /// <summary>The grain key of <see cref="PreloadedKey"/> (a hash, computed once per request).</summary>
    public string? PreloadedGrainKey { get; set; }

    public LoadOutcome Preloaded { get; set; }

    /// <summary>The session the store created for this request.</summary>
    public ClusterSession? Session { get; set; }
}
