using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using Sessions.AspNetCore.Client;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// Reads and writes the session cookie exactly as ASP.NET Core's SessionMiddleware does (the key protected with
/// the purpose "SessionMiddleware", base64 without padding), so that cookies this store issues after a
/// regenerate are accepted by SessionMiddleware on every front-end sharing the key ring, and the other way round.
/// </summary>
internal sealed class SessionCookies
{
    /// <summary>The data-protection purpose SessionMiddleware uses (its type name).</summary>
    public const string Purpose = "SessionMiddleware";

    private readonly IDataProtector _protector;
    private readonly SessionOptions _options;

    public SessionCookies(IDataProtectionProvider dataProtection, IOptions<SessionOptions> options)
    {
        _protector = dataProtection.CreateProtector(Purpose);
        _options = options.Value;
    }

    public string CookieName => _options.Cookie.Name ?? SessionDefaults.CookieName;

    /// <summary>The session key in the request's cookie, or null when there is none or it cannot be read (bad, foreign, tampered).</summary>
    /// <param name="request">The request.</param>
    /// <param name="problem">Why a present cookie was rejected, for a debug log (never its value).</param>
    public string? ReadKey(HttpRequest request, out string? problem)
    {
        problem = null;
        string? value = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            byte[] protectedBytes = Convert.FromBase64String(Pad(value));
            string key = Encoding.UTF8.GetString(_protector.Unprotect(protectedBytes));
            if (key.Length != SessionKeys.Length)
            {
                problem = "unexpected key length";
                return null;
            }

            return key;
        }
        catch (FormatException)
        {
            problem = "not base64";
        }
        catch (CryptographicException)
        {
            problem = "not protected by this key ring";
        }

        return null;
    }

    /// <summary>Appends the cookie for <paramref name="sessionKey"/> with SessionMiddleware's options and cache headers.</summary>
    public void Write(HttpContext context, string sessionKey)
    {
        string value = Convert.ToBase64String(_protector.Protect(Encoding.UTF8.GetBytes(sessionKey))).TrimEnd('=');
        HttpResponse response = context.Response;
        response.Cookies.Append(CookieName, value, _options.Cookie.Build(context));
        NoCache(response);
    }

    /// <summary>Tells the browser to drop the cookie (after an invalidation).</summary>
    public void Delete(HttpContext context)
    {
        context.Response.Cookies.Delete(CookieName, _options.Cookie.Build(context));
        NoCache(context.Response);
    }

    private static void NoCache(HttpResponse response)
    {
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "-1";
    }

    private static string Pad(string text) => (text.Length % 4) switch
    {
        2 => text + "==",
        3 => text + "=",
        _ => text,
    };
}
