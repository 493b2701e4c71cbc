namespace LocalCluster.Topology;

/// <summary>How to run one component: its command, environment and where it is reached.</summary>
/// <param name="Name">Unique name, e.g. <c>silo-2</c>; also its log and pid file name.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Executable">The program (a full path).</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">Variables added to the inherited environment.</param>
/// <param name="WorkingDirectory">Where it runs.</param>
/// <param name="Port">The port it serves on (memcached, Redis, front-end HTTP; a silo's gateway).</param>
/// <param name="Address">What the status table shows: a URL or host:port list.</param>
/// <param name="ProcessName">The kernel's name of the process (/proc/pid/comm), to recognise it later.</param>
public sealed record ComponentSpec(
    string Name,
    ComponentKind Kind,
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    int Port,
    string Address,
    string ProcessName)
{
    /// <summary>The HTTP port of health endpoints (silos, front-ends); 0 for servers probed by their protocol.</summary>
    public int HealthPort { get; init; }
}
