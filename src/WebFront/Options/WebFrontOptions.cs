namespace WebFront.Options;

/// <summary>The front-end itself (configuration section <c>WebFront</c>).</summary>
public sealed class WebFrontOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "WebFront";

    /// <summary>The name shown on every page as the instance that served it; defaults to the host name and process id.</summary>
    public string? InstanceName { get; set; }

    /// <summary>The instance name to show.</summary>
    public string EffectiveInstanceName => string.IsNullOrWhiteSpace(InstanceName) ? $"{Environment.MachineName}/{Environment.ProcessId}" : InstanceName;
}
