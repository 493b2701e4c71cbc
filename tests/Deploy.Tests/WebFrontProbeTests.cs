using Deploy.Tests.Support;

namespace Deploy.Tests;

/// <summary>
/// The built front-end, started with the pod's configuration (only what needs the cluster replaced: Localhost
/// clustering to a closed port, the key ring in a temporary directory, a free loopback port), accepts that
/// configuration and answers every path the probes and the metrics scraper will request.
/// </summary>
public sealed class WebFrontProbeTests
{
    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public async Task Front_end_accepts_the_pod_configuration_and_serves_the_probe_paths(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var workload = rendered.Workload("webfront");
        var env = ContainerEnvironment.Resolve(rendered, workload.Container("webfront"));
        var paths = ProbePaths.Of(workload, "webfront");
        var keys = Directory.CreateTempSubdirectory("deploy-tests-keys-");
        var port = LoopbackPort.Free();

        Dictionary<string, string> environment = env.Values.ToDictionary(e => e.Name, e => e.Value ?? AppConfiguration.RunTimeValue);
        environment.Remove("ConnectionStrings__redis");
        environment["Silo__Clustering"] = "Localhost";
        environment["Silo__GatewayPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["DataProtection__KeyRing"] = "Directory";
        environment["DataProtection__KeyDirectory"] = keys.FullName;
        environment["Urls"] = $"http://127.0.0.1:{port}";

        try
        {
            await using var app = AppProcess.Start(Repo.AppDll("WebFront", "WebFront.dll"), new Uri($"http://127.0.0.1:{port}"), environment);

            Assert.Equal(200, await app.WaitForAnswerAsync(paths.Startup, SiloProbeTests.StartTimeout));
            Assert.Equal(200, await app.StatusAsync(paths.Liveness));
            Assert.Contains(await app.StatusAsync(paths.Readiness), new[] { 200, 503 });
            Assert.Equal(200, await app.StatusAsync(paths.Metrics));
            Assert.Equal(404, await app.StatusAsync("/health/no-such-path"));
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }
}
