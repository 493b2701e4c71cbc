using Microsoft.Extensions.Options;

namespace Memcached;

/// <summary>
/// Validates <see cref="MemcachedClientOptions"/> at start-up, collecting every failure, each naming
/// its configuration key (e.g. <c>Memcached:Servers:1 'localhost:abc' is not host:port</c>).
/// </summary>
public sealed class MemcachedClientOptionsValidator : IValidateOptions<MemcachedClientOptions>
{
    private readonly string _section;

    /// <summary>Creates a validator whose messages name keys under <paramref name="section"/>.</summary>
    public MemcachedClientOptionsValidator(string section = MemcachedClientOptions.SectionName) => _section = section;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MemcachedClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options, _section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its key under <paramref name="section"/>.</summary>
    public static IReadOnlyList<string> Check(MemcachedClientOptions options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Servers.Count == 0)
        {
            errors.Add($"{section}:Servers is empty: configure at least one memcached server as host:port (or ConnectionStrings:memcached).");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Servers.Count; i++)
        {
            var entry = options.Servers[i];
            if (!ServerAddress.TryParse(entry, out var address))
            {
                errors.Add($"{section}:Servers:{i} '{entry}' is not host:port.");
            }
            else if (!seen.Add(address.ToString()))
            {
                errors.Add($"{section}:Servers:{i} '{entry}' is listed twice.");
            }
        }

        Positive(errors, $"{section}:ConnectionsPerNode", options.ConnectionsPerNode, max: 64);
        Positive(errors, $"{section}:MaxInFlightPerNode", options.MaxInFlightPerNode, max: 1_000_000);
        Positive(errors, $"{section}:FailureThreshold", options.FailureThreshold, max: 1000);
        Positive(errors, $"{section}:OperationTimeout", options.OperationTimeout);
        Positive(errors, $"{section}:ConnectTimeout", options.ConnectTimeout);
        Positive(errors, $"{section}:ProbeInterval", options.ProbeInterval);
        Positive(errors, $"{section}:MaxProbeInterval", options.MaxProbeInterval); // past ~49 days a timer cannot wait: the probe would stop
        if (options.MaxProbeInterval < options.ProbeInterval)
        {
            errors.Add($"{section}:MaxProbeInterval ({options.MaxProbeInterval}) is shorter than {section}:ProbeInterval ({options.ProbeInterval}).");
        }

        if (!Enum.IsDefined(options.NodeFailurePolicy))
        {
            errors.Add($"{section}:NodeFailurePolicy '{options.NodeFailurePolicy}' is not Redistribute or FailFast.");
        }

        if (!Enum.IsDefined(options.KeyEncoding))
        {
            errors.Add($"{section}:KeyEncoding '{options.KeyEncoding}' is not Base64WhenNeeded or Strict.");
        }

        if (options.Password is not null && string.IsNullOrEmpty(options.Username))
        {
            errors.Add($"{section}:Password is set but {section}:Username is not.");
        }

        if (options.Username is { } user && (user.Length == 0 || user.Any(char.IsWhiteSpace)))
        {
            errors.Add($"{section}:Username must be non-empty and contain no whitespace.");
        }

        return errors;
    }

    private static void Positive(List<string> errors, string key, int value, int max)
    {
        if (value < 1 || value > max)
        {
            errors.Add($"{key} is {value}; it must be between 1 and {max}.");
        }
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            errors.Add($"{key} is {value}; it must be positive and at most one day.");
        }
    }
}
