using Microsoft.Extensions.Options;

namespace Sessions.Configuration;

/// <summary>Validates <see cref="SessionGrainOptions"/> at start-up; every problem names its key (<c>Sessions:…</c>).</summary>
public sealed class SessionGrainOptionsValidator : IValidateOptions<SessionGrainOptions>
{
    private readonly string _section;

    /// <summary>Creates a validator that names keys under <paramref name="section"/>.</summary>
    public SessionGrainOptionsValidator(string section = SessionGrainOptions.SectionName) => _section = section;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SessionGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options, _section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its key.</summary>
    public static IReadOnlyList<string> Check(SessionGrainOptions options, string section = SessionGrainOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{section}:{key} is {value}; it must be positive.");
            }
        }

        void AtLeastOne(int value, string key)
        {
            if (value < 1)
            {
                errors.Add($"{section}:{key} is {value}; it must be at least 1.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.StorageName))
        {
            errors.Add($"{section}:StorageName is empty; name the grain storage provider holding sessions.");
        }

        Positive(options.IdleTimeout, nameof(options.IdleTimeout));
        Positive(options.MaxIdleTimeout, nameof(options.MaxIdleTimeout));
        Positive(options.ExpiryMargin, nameof(options.ExpiryMargin));
        Positive(options.TouchInterval, nameof(options.TouchInterval));
        Positive(options.WriteBehindDelay, nameof(options.WriteBehindDelay));
        Positive(options.RetryInterval, nameof(options.RetryInterval));
        Positive(options.MaxRetryInterval, nameof(options.MaxRetryInterval));
        if (options.AbsoluteLifetime is { } lifetime)
        {
            Positive(lifetime, nameof(options.AbsoluteLifetime));
        }

        if (options.IdleTimeout > options.MaxIdleTimeout)
        {
            errors.Add($"{section}:IdleTimeout ({options.IdleTimeout}) is longer than {section}:MaxIdleTimeout ({options.MaxIdleTimeout}).");
        }

        if (options.ReadLease < TimeSpan.Zero || options.ReadLease > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{section}:ReadLease is {options.ReadLease}; it must be between 0 (no read leases) and 00:01:00.");
        }

        if (options.ExpiryMargin < options.TouchInterval)
        {
            errors.Add($"{section}:ExpiryMargin ({options.ExpiryMargin}) must be at least {section}:TouchInterval ({options.TouchInterval}), so memcached's TTL outlives the session.");
        }

        if (options.MaxRetryInterval < options.RetryInterval)
        {
            errors.Add($"{section}:MaxRetryInterval ({options.MaxRetryInterval}) is shorter than {section}:RetryInterval ({options.RetryInterval}).");
        }

        if (!Enum.IsDefined(options.WriteMode))
        {
            errors.Add($"{section}:WriteMode '{options.WriteMode}' is not WriteThrough or WriteBehind.");
        }

        if (options.RememberedCommits is < 1 or > 1024)
        {
            // Without one, a commit retried after a timeout that had in fact applied it is applied again (a clear in it
            // would wipe what other requests committed since).
            errors.Add($"{section}:RememberedCommits is {options.RememberedCommits}; it must be between 1 and 1024.");
        }

        AtLeastOne(options.MaxValueSize, nameof(options.MaxValueSize));
        AtLeastOne(options.MaxKeys, nameof(options.MaxKeys));
        AtLeastOne(options.MaxTotalSize, nameof(options.MaxTotalSize));
        AtLeastOne(options.MaxKeyLength, nameof(options.MaxKeyLength));
        AtLeastOne(options.MaxIdLength, nameof(options.MaxIdLength));
        if (options.MaxValueSize > options.MaxTotalSize)
        {
            errors.Add($"{section}:MaxValueSize ({options.MaxValueSize}) is larger than {section}:MaxTotalSize ({options.MaxTotalSize}).");
        }

        return errors;
    }
}
