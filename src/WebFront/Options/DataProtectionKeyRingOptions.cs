namespace WebFront.Options;

/// <summary>Where the data-protection key ring lives (configuration section <c>DataProtection</c>). Every front-end must share it, or a cookie from one is a stranger to the others.</summary>
public sealed class DataProtectionKeyRingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DataProtection";

    /// <summary>
    /// <c>Auto</c> (Redis when <c>ConnectionStrings:redis</c> is set, else ASP.NET Core's default per-machine ring),
    /// <c>Redis</c>, <c>Directory</c> (<see cref="KeyDirectory"/>, e.g. a shared volume) or <c>Default</c>.
    /// </summary>
    public string KeyRing { get; set; } = "Auto";

    /// <summary>The shared directory of the key ring (KeyRing <c>Directory</c>).</summary>
    public string? KeyDirectory { get; set; }

    /// <summary>The Redis key of the key ring (KeyRing <c>Redis</c>).</summary>
    public string RedisKey { get; set; } = "ClusterSessions:DataProtection-Keys";

    /// <summary>The application name isolating this app's protected data; must be equal on every front-end.</summary>
    public string ApplicationName { get; set; } = "ClusterSessions.WebFront";
}
