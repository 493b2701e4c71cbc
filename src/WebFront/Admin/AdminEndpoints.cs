using Sessions;
using Sessions.AspNetCore.Admin;
using WebFront.Api;

namespace WebFront.Admin;

/// <summary>The admin API under <c>/admin</c>: a user's sessions (list, invalidate all) and session statistics. Needs <c>X-Api-Key</c>.</summary>
internal static class AdminEndpoints
{
    public const string Policy = "admin";

    public static void AddAdminApi(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        services.AddSingleton<SessionStatistics>();
    }

    public static void MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder admin = endpoints.MapGroup("/admin").RequireAuthorization(Policy).DisableAntiforgery();
        admin.MapGet("/users/{userId}/sessions", ListAsync);
        admin.MapDelete("/users/{userId}/sessions", InvalidateAllAsync);
        admin.MapGet("/stats", async (SessionStatistics statistics, CancellationToken cancellationToken) => Results.Ok(await statistics.ReadAsync(cancellationToken)));
    }

    private static async Task<IResult> ListAsync(string userId, IClusterSessionAdmin sessions, CancellationToken cancellationToken)
    {
        if (Inputs.CheckUserId(userId) is { } problem)
        {
            return problem;
        }

        IReadOnlyList<UserSessionInfo> list = await sessions.ListUserSessionsAsync(userId, cancellationToken);
        return Results.Ok(new { userId, sessions = list });
    }

    private static async Task<IResult> InvalidateAllAsync(string userId, IClusterSessionAdmin sessions, CancellationToken cancellationToken)
    {
        if (Inputs.CheckUserId(userId) is { } problem)
        {
            return problem;
        }

        int invalidated = await sessions.InvalidateUserSessionsAsync(userId, cancellationToken);
        return Results.Ok(new { userId, invalidated });
    }
}
