namespace WebFront.Options;

/// <summary>How the front-end finds the silos (configuration section <c>Orleans</c>), the same keys as the silo's.</summary>
public sealed class OrleansClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Orleans";

    /// <summary><c>Localhost</c> (silos on this machine at <see cref="GatewayPorts"/>) or <c>Redis</c> (membership in Redis at <c>ConnectionStrings:redis</c>).</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>The cluster id; must equal the silos'.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>The service id; must equal the silos'.</summary>
    public string ServiceId { get; set; } = "cluster-sessions";

    /// <summary>Gateway ports of the silos on 127.0.0.1 (Localhost clustering only).</summary>
    public List<int> GatewayPorts { get; set; } = [];

    /// <summary>The gateway ports, or the default 30000 when none are configured.</summary>
    public IReadOnlyList<int> EffectiveGatewayPorts => GatewayPorts.Count > 0 ? GatewayPorts : [30000];

    /// <summary>Whether the clustering is Redis.</summary>
    public bool IsRedis => string.Equals(Clustering, "Redis", StringComparison.OrdinalIgnoreCase);
}
