using Microsoft.Extensions.Options;

namespace WebFront.Options;

/// <summary>Validates the front-end's options at start-up; every failure names its configuration key.</summary>
internal sealed class WebFrontOptionsValidator :
    IValidateOptions<OrleansClientOptions>,
    IValidateOptions<DataProtectionKeyRingOptions>,
    IValidateOptions<AdminOptions>,
    IValidateOptions<WebFrontSessionOptions>
{
    private static readonly string[] s_clustering = ["Localhost", "Redis"];
    private static readonly string[] s_keyRings = ["Auto", "Redis", "Directory", "Default"];

    public ValidateOptionsResult Validate(string? name, OrleansClientOptions options)
    {
        var failures = new List<string>();
        const string S = OrleansClientOptions.SectionName;
        if (!s_clustering.Contains(options.Clustering, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{S}:Clustering '{options.Clustering}' is not one of {string.Join(", ", s_clustering)}");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{S}:ClusterId is empty");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{S}:ServiceId is empty");
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            failures.Add($"{S}:GatewayPort '{options.GatewayPort}' is not a port (1-65535)");
        }

        for (int i = 0; i < options.GatewayPorts.Count; i++)
        {
            if (options.GatewayPorts[i] is < 1 or > 65535)
            {
                failures.Add($"{S}:GatewayPorts:{i} '{options.GatewayPorts[i]}' is not a port (1-65535)");
            }
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, DataProtectionKeyRingOptions options)
    {
        var failures = new List<string>();
        const string S = DataProtectionKeyRingOptions.SectionName;
        if (!s_keyRings.Contains(options.KeyRing, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{S}:KeyRing '{options.KeyRing}' is not one of {string.Join(", ", s_keyRings)}");
        }

        if (string.Equals(options.KeyRing, "Directory", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.KeyDirectory))
        {
            failures.Add($"{S}:KeyDirectory is required when {S}:KeyRing is Directory");
        }

        if (string.IsNullOrWhiteSpace(options.ApplicationName))
        {
            failures.Add($"{S}:ApplicationName is empty");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        !string.IsNullOrEmpty(options.ApiKey) && options.ApiKey.Length < AdminOptions.MinimumKeyLength
            ? ValidateOptionsResult.Fail($"{AdminOptions.SectionName}:ApiKey is shorter than {AdminOptions.MinimumKeyLength} characters")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, WebFrontSessionOptions options)
    {
        var failures = new List<string>();
        const string S = WebFrontSessionOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.CookieName))
        {
            failures.Add($"{S}:CookieName is empty");
        }

        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{S}:IdleTimeout '{options.IdleTimeout}' must be positive");
        }

        if (options.IOTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{S}:IOTimeout '{options.IOTimeout}' must be positive");
        }

        return Result(failures);
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
