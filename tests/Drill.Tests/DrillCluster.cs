using LocalCluster;
using LocalCluster.Topology;

namespace Drill.Tests;

/// <summary>The full local cluster (3 memcached, Redis, 3 silos, 2 front-ends) as real processes on free loopback ports, shared by the drill tests.</summary>
public sealed class DrillCluster : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"drill-tests-{Guid.NewGuid():N}");

    internal Cluster Cluster { get; private set; } = null!;

    /// <summary>The warnings and errors the front-ends logged (with the line after each), to explain a failed drill.</summary>
    internal IEnumerable<string> LoggedProblems() =>
        Cluster.Components.Where(c => c.Kind == ComponentKind.WebFront).SelectMany(c =>
        {
            var lines = File.Exists(Cluster.LogFile(c.Name)) ? File.ReadAllLines(Cluster.LogFile(c.Name)) : [];
            return lines.Select((line, i) => (line, i))
                .Where(x => x.line.StartsWith("warn:", StringComparison.Ordinal) || x.line.StartsWith("fail:", StringComparison.Ordinal) || x.line.Contains(" warn: ", StringComparison.Ordinal) || x.line.Contains(" fail: ", StringComparison.Ordinal))
                .Select(x => $"{c.Name}: {x.line} {(x.i + 1 < lines.Length ? lines[x.i + 1].Trim() : string.Empty)}")
                .Select(line => line.Length > 300 ? line[..300] : line)
                .TakeLast(30);
        });

    public async Task InitializeAsync()
    {
        Cluster = Cluster.Create(ClusterLayout.OnFreePorts(memcached: 3, silos: 3, fronts: 2), _state, AppBuilds.Locate());
        try
        {
            await Cluster.StartAsync();
            await Scenarios.ScenarioRunner.WarmUpAsync(Cluster, new Scenarios.DrillSettings { Users = 16 }, TimeSpan.FromSeconds(5));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAsync();
        Directory.Delete(_state, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DrillClusterCollection : ICollectionFixture<DrillCluster>
{
    public const string Name = "drill cluster";
}
