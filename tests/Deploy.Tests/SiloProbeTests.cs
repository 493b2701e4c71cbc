using Deploy.Tests.Support;
using TestKit;

namespace Deploy.Tests;

/// <summary>
/// The built silo, started with the pod's configuration (only what needs the cluster replaced: Localhost clustering,
/// no Kubernetes hosting, memcached nodes on closed loopback ports), accepts that configuration and answers every
/// path the probes and the metrics scraper will request.
/// </summary>
public sealed class SiloProbeTests
{
    /// <summary>A deadline, not a wait: a few seconds normally, more on a loaded machine.</summary>
    internal static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public async Task Silo_accepts_the_pod_configuration_and_serves_the_probe_paths(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var workload = rendered.Workload("silo");
        var env = ContainerEnvironment.Resolve(rendered, workload.Container("silo"));
        var paths = ProbePaths.Of(workload, "silo");

        Dictionary<string, string> settings = [];
        foreach (var entry in env.Values)
        {
            settings[entry.ConfigurationKey] = entry.Value ?? AppConfiguration.RunTimeValue;
            if (entry.ConfigurationKey.StartsWith("Memcached:Servers:", StringComparison.Ordinal))
            {
                settings[entry.ConfigurationKey] = $"127.0.0.1:{LoopbackPort.Free()}";
            }
        }

        settings.Remove("ConnectionStrings:redis");
        settings["Silo:Clustering"] = "Localhost";
        settings["Silo:Kubernetes"] = "Disabled";
        settings["POD_IP"] = "127.0.0.1";

        await using var silo = SiloProcess.Start(Repo.AppDll("Silo", "Sessions.Silo.dll"), settings);
        try
        {
            await Poll.UntilAsync(
                async () => silo.HasExited ? throw new Xunit.Sdk.XunitException($"The silo exited with {silo.ExitCode}:\n{silo.ReadLog()}") : (await silo.GetAsync(paths.Startup)).Status == 200,
                $"{paths.Startup} answers 200",
                StartTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}\n{silo.ReadLog()}");
        }

        Assert.Equal(200, (await silo.GetAsync(paths.Liveness)).Status);
        Assert.Contains((await silo.GetAsync(paths.Readiness)).Status, new[] { 200, 503 });
        var metrics = await silo.GetAsync(paths.Metrics);
        Assert.Equal(200, metrics.Status);
        Assert.Contains("# TYPE", metrics.Body, StringComparison.Ordinal);
        Assert.Equal(404, (await silo.GetAsync("/health/no-such-path")).Status);
    }
}
