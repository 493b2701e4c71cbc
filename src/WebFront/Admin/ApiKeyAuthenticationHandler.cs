using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WebFront.Diagnostics;
using WebFront.Options;

namespace WebFront.Admin;

/// <summary>Authenticates admin calls by the <c>X-Api-Key</c> header against <c>Admin:ApiKey</c> (compared in constant time).</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IOptions<AdminOptions> admin)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _expected = string.IsNullOrEmpty(admin.Value.ApiKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(admin.Value.ApiKey));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (_expected is null)
        {
            WebFrontLog.AdminRejected(Logger, "the admin API is disabled (Admin:ApiKey is not set)");
            return Task.FromResult(AuthenticateResult.Fail("The admin API is disabled."));
        }

        byte[] actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!));
        if (!CryptographicOperations.FixedTimeEquals(actual, _expected))
        {
            WebFrontLog.AdminRejected(Logger, "wrong API key");
            return Task.FromResult(AuthenticateResult.Fail("Invalid API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return Task.CompletedTask;
    }
}
