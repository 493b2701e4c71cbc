using Microsoft.AspNetCore.Http;

namespace WebFront.Options;

/// <summary>ASP.NET Core session settings from configuration (section <c>Session</c>).</summary>
public sealed class WebFrontSessionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Session";

    /// <summary>The session cookie's name.</summary>
    public string CookieName { get; set; } = ".AspNetCore.Session";

    /// <summary>Sliding expiration of a session (passed to the session grain).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Budget of one session load or commit, retries included.</summary>
    public TimeSpan IOTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>When the cookie is marked Secure: <c>SameAsRequest</c> (Secure over HTTPS), <c>Always</c> or <c>None</c>.</summary>
    public CookieSecurePolicy CookieSecurePolicy { get; set; } = CookieSecurePolicy.SameAsRequest;
}
