namespace Sessions.Silo.Options;

/// <summary>How silos find each other.</summary>
public enum ClusteringMode
{
    /// <summary>One silo on this machine; nothing else needed.</summary>
    Localhost,

    /// <summary>Membership in Redis (<c>ConnectionStrings:redis</c>): several silos, Kubernetes.</summary>
    Redis,
}

/// <summary>Whether the silo uses Orleans' Kubernetes hosting.</summary>
public enum KubernetesMode
{
    /// <summary>When running in a pod (<c>KUBERNETES_SERVICE_HOST</c> and <c>POD_NAME</c> are set).</summary>
    Auto,

    /// <summary>Always.</summary>
    Enabled,

    /// <summary>Never.</summary>
    Disabled,
}

/// <summary>The silo host's options (configuration section <c>Silo</c>); see README.md for every key.</summary>
public sealed class SiloHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo";

    /// <summary>Cluster id (silos of one deployment).</summary>
    public string ClusterId { get; set; } = "sessions-dev";

    /// <summary>Service id (stable across deployments; prefixes memcached keys).</summary>
    public string ServiceId { get; set; } = "sessions";

    /// <summary>How silos find each other.</summary>
    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    /// <summary>Kubernetes hosting.</summary>
    public KubernetesMode Kubernetes { get; set; } = KubernetesMode.Auto;

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>HTTP port of health, metrics and the dashboard.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>The address other silos and clients use to reach this one (Redis clustering); default: the first non-loopback IPv4 address, else 127.0.0.1.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>How long a graceful shutdown (SIGTERM) may take: stop accepting, write pending sessions, leave the cluster.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Console log format: <c>auto</c> (JSON when output is redirected), <c>json</c> or <c>simple</c>.</summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>Failure detection (how fast a dead silo is declared dead).</summary>
    public FailureDetectionOptions FailureDetection { get; } = new();

    /// <summary>The Orleans dashboard.</summary>
    public DashboardSettings Dashboard { get; } = new();
}

/// <summary>Failure detection (<c>Silo:FailureDetection</c>), mapped onto Orleans' <c>ClusterMembershipOptions</c>.</summary>
public sealed class FailureDetectionOptions
{
    /// <summary>Timeout of one probe.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects another.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>Suspicions needed to declare a silo dead.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 1;

    /// <summary>How often the membership table is read.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The Orleans dashboard (<c>Silo:Dashboard</c>).</summary>
public sealed class DashboardSettings
{
    /// <summary>Whether the dashboard is served at <see cref="Path"/> on the HTTP port.</summary>
    public bool Enabled { get; set; }

    /// <summary>The dashboard's path.</summary>
    public string Path { get; set; } = "/dashboard";
}
