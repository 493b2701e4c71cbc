namespace TestKit;

/// <summary>How the kit starts a memcached process.</summary>
public sealed class MemcachedServerOptions
{
    /// <summary>Memory for items in megabytes (<c>-m</c>).</summary>
    public int MemoryMegabytes { get; set; } = 64;

    /// <summary>Largest item size (<c>-I</c>), e.g. "2m"; null keeps memcached's 1 MB.</summary>
    public string? MaxItemSize { get; set; }

    /// <summary>Worker threads (<c>-t</c>).</summary>
    public int Threads { get; set; } = 2;

    /// <summary>
    /// Serve TLS only (<c>-Z</c>) with the kit's self-signed certificate for localhost/127.0.0.1, which
    /// <see cref="MemcachedServer.Certificate"/> exposes for pinning.
    /// </summary>
    public bool Tls { get; set; }

    /// <summary>ASCII-auth user (<c>-Y</c> auth file); set together with <see cref="AuthPassword"/>.</summary>
    public string? AuthUser { get; set; }

    /// <summary>ASCII-auth password.</summary>
    public string? AuthPassword { get; set; }

    /// <summary>How long a start or restart may take before it fails.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>More memcached arguments, appended last.</summary>
    public IList<string> ExtraArguments { get; } = new List<string>();

    internal bool HasAuth => AuthUser is not null;

    internal MemcachedServerOptions Clone()
    {
        MemcachedServerOptions copy = new()
        {
            MemoryMegabytes = MemoryMegabytes,
            MaxItemSize = MaxItemSize,
            Threads = Threads,
            Tls = Tls,
            AuthUser = AuthUser,
            AuthPassword = AuthPassword,
            StartTimeout = StartTimeout,
        };
        foreach (string argument in ExtraArguments)
        {
            copy.ExtraArguments.Add(argument);
        }

        return copy;
    }

    /// <exception cref="ArgumentException">Lists every invalid option.</exception>
    internal void Validate()
    {
        List<string> failures = [];
        if (MemoryMegabytes <= 0)
        {
            failures.Add($"{nameof(MemoryMegabytes)} must be positive, not {MemoryMegabytes}.");
        }

        if (Threads <= 0)
        {
            failures.Add($"{nameof(Threads)} must be positive, not {Threads}.");
        }

        if (StartTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(StartTimeout)} must be positive, not {StartTimeout}.");
        }

        if ((AuthUser is null) != (AuthPassword is null))
        {
            failures.Add($"{nameof(AuthUser)} and {nameof(AuthPassword)} must be set together.");
        }

        if (AuthUser is not null && (AuthUser.Length == 0 || AuthUser.Contains(':', StringComparison.Ordinal) || AuthUser.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{nameof(AuthUser)} must be non-empty without ':' or whitespace (the auth file is 'user:password', the auth request 'user password').");
        }

        if (AuthPassword is not null && (AuthPassword.Length == 0 || AuthPassword.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{nameof(AuthPassword)} must be non-empty without whitespace.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid memcached options: " + string.Join(" ", failures));
        }
    }
}
