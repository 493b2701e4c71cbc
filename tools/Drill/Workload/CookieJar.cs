namespace Drill.Workload;

/// <summary>One virtual user's cookies (the session cookie and the antiforgery cookie), kept by hand so each user has its own.</summary>
internal sealed class CookieJar
{
    /// <summary>The front-ends' session cookie.</summary>
    public const string SessionCookie = ".AspNetCore.Session";

    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly Lock _lock = new(); // two tabs answer at once

    /// <summary>The <c>Cookie</c> header to send; null when there is none.</summary>
    public string? Header
    {
        get
        {
            lock (_lock)
            {
                return _cookies.Count == 0 ? null : string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}"));
            }
        }
    }

    /// <summary>The current value of a cookie.</summary>
    public string? Get(string name)
    {
        lock (_lock)
        {
            return _cookies.GetValueOrDefault(name);
        }
    }

    /// <summary>Takes the <c>Set-Cookie</c> headers of a response: new values replace old ones, expired cookies are dropped.</summary>
    public void Absorb(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            return;
        }

        foreach (var header in headers)
        {
            var pair = header.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            var expired = value.Length == 0
                || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)
                || header.Contains("max-age=0", StringComparison.OrdinalIgnoreCase);
            lock (_lock)
            {
                if (expired)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }
    }
}
