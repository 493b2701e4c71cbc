using Microsoft.AspNetCore.Http;

namespace Sessions.AspNetCore.Middleware;

/// <summary>The answer to a session failure: 413 for a limit, 503 for an unreachable cluster.</summary>
internal sealed record SessionProblem(int StatusCode, string Title, string Detail)
{
    public Task WriteAsync(HttpContext context) =>
        Results.Problem(detail: Detail, statusCode: StatusCode, title: Title).ExecuteAsync(context);
}

/// <summary>Maps session exceptions to answers.</summary>
internal static class SessionProblems
{
    /// <summary>The answer for <paramref name="exception"/>, or null when it is not a session failure to answer.</summary>
    public static SessionProblem? For(Exception exception, ClusterSessionOptions options) => exception switch
    {
        SessionLimitExceededException limit => new SessionProblem(StatusCodes.Status413PayloadTooLarge, "Session limit exceeded", limit.Message),
        ClusterSessionUnavailableException unavailable when options.FailRequestOnError =>
            new SessionProblem(StatusCodes.Status503ServiceUnavailable, "Session store unavailable", unavailable.Message),
        _ => null,
    };
}
