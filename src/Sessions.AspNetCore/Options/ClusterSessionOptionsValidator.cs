using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sessions.AspNetCore;

/// <summary>Validates <see cref="ClusterSessionOptions"/> at start-up; each failure names its configuration key.</summary>
internal sealed class ClusterSessionOptionsValidator : IValidateOptions<ClusterSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterSessionOptions options)
    {
        var failures = new List<string>();
        const string Section = ClusterSessionOptions.SectionName;
        if (!string.IsNullOrEmpty(options.IgnorePattern))
        {
            try
            {
                _ = new Regex(options.IgnorePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{Section}:{nameof(options.IgnorePattern)} '{options.IgnorePattern}' is not a valid regular expression: {ex.Message}");
            }
        }

        NotNegative(failures, nameof(options.MaxValueSize), options.MaxValueSize);
        NotNegative(failures, nameof(options.MaxKeys), options.MaxKeys);
        NotNegative(failures, nameof(options.MaxTotalSize), options.MaxTotalSize);
        NotNegative(failures, nameof(options.MaxKeyLength), options.MaxKeyLength);
        if (options.ReadCacheCapacity < 0)
        {
            failures.Add($"{Section}:{nameof(options.ReadCacheCapacity)} is {options.ReadCacheCapacity}; it must be 0 (no cache) or more");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void NotNegative(List<string> failures, string key, int value)
    {
        if (value < 0)
        {
            failures.Add($"{ClusterSessionOptions.SectionName}:{key} is {value}; it must be 0 (no front-end check) or more");
        }
    }
}
