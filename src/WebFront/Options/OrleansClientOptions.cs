namespace WebFront.Options;

/// <summary>
/// How the front-end finds the silos. It reads the silo's own keys (configuration section <c>Silo</c>, see
/// src/Silo/README.md) so one configuration serves both; keys only the silo uses are ignored here.
/// </summary>
public sealed class OrleansClientOptions
{
    /// <summary>The configuration section (the silo's).</summary>
    public const string SectionName = "Silo";

    /// <summary><c>Localhost</c> (silos on this machine at <see cref="GatewayPort"/>) or <c>Redis</c> (membership in Redis at <c>ConnectionStrings:redis</c>).</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>The cluster id; must equal the silos'.</summary>
    public string ClusterId { get; set; } = "sessions-dev";

    /// <summary>The service id; must equal the silos'.</summary>
    public string ServiceId { get; set; } = "sessions";

    /// <summary>The gateway port of the silo on 127.0.0.1 (Localhost clustering).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Gateway ports of several silos on 127.0.0.1 (Localhost clustering); when set, used instead of <see cref="GatewayPort"/>.</summary>
    public List<int> GatewayPorts { get; set; } = [];

    /// <summary>The gateway ports to use.</summary>
    public IReadOnlyList<int> EffectiveGatewayPorts => GatewayPorts.Count > 0 ? GatewayPorts : [GatewayPort];

    /// <summary>Whether the clustering is Redis.</summary>
    public bool IsRedis => string.Equals(Clustering, "Redis", StringComparison.OrdinalIgnoreCase);
}
