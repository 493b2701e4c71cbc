using Microsoft.Extensions.Options;

namespace Sessions.Client;

/// <summary>Validates <see cref="SessionClientOptions"/> at start-up; every problem names its key (<c>SessionClient:…</c>).</summary>
public sealed class SessionClientOptionsValidator : IValidateOptions<SessionClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SessionClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = SessionClientOptions.SectionName;
        List<string> errors = [];
        foreach (var (key, value) in new[]
        {
            (nameof(options.CallTimeout), options.CallTimeout),
            (nameof(options.TotalTimeout), options.TotalTimeout),
            (nameof(options.InitialBackoff), options.InitialBackoff),
            (nameof(options.MaxBackoff), options.MaxBackoff),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{section}:{key} is {value}; it must be positive.");
            }
        }

        if (options.TotalTimeout < options.CallTimeout)
        {
            errors.Add($"{section}:TotalTimeout ({options.TotalTimeout}) is shorter than {section}:CallTimeout ({options.CallTimeout}).");
        }

        if (options.MaxBackoff < options.InitialBackoff)
        {
            errors.Add($"{section}:MaxBackoff ({options.MaxBackoff}) is shorter than {section}:InitialBackoff ({options.InitialBackoff}).");
        }

        if (options.MaxIdLength < 1)
        {
            errors.Add($"{section}:MaxIdLength is {options.MaxIdLength}; it must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
