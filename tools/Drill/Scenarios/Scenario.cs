using LocalCluster;

namespace Drill.Scenarios;

/// <summary>One failure drill: what it breaks while the workload runs, and how the cluster is made whole again afterwards.</summary>
/// <param name="Name">Short name for the command line, e.g. <c>silo-sigkill</c>.</param>
/// <param name="Title">What happens, for the report.</param>
/// <param name="InjectAsync">Breaks something (returns when the fault is complete: a kill, or a pause and its resume).</param>
/// <param name="RestoreAsync">Brings back what is still missing after the observation (outside the measurement).</param>
internal sealed record Scenario(
    string Name,
    string Title,
    Func<Cluster, Action<string>, CancellationToken, Task> InjectAsync,
    Func<Cluster, CancellationToken, Task> RestoreAsync);
