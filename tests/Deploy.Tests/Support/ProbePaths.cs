using k8s.Models;

namespace Deploy.Tests.Support;

/// <summary>The HTTP paths a pod's probes and metrics scraping will request.</summary>
internal static class ProbePaths
{
    public static (string Startup, string Readiness, string Liveness, string Metrics) Of(Workload workload, string container)
    {
        var c = workload.Container(container);
        return (
            Http(c.StartupProbe, workload, "startup"),
            Http(c.ReadinessProbe, workload, "readiness"),
            Http(c.LivenessProbe, workload, "liveness"),
            workload.Template.Metadata.Annotations["prometheus.io/path"]);
    }

    private static string Http(V1Probe? probe, Workload workload, string kind) =>
        probe?.HttpGet?.Path ?? throw new Xunit.Sdk.XunitException($"{workload}: the {kind} probe is not an HTTP GET.");
}
