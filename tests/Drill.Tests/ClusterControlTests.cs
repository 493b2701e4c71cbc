using LocalCluster;
using LocalCluster.Health;
using LocalCluster.Topology;

namespace Drill.Tests;

/// <summary>What ./run.sh relies on, with real memcached and Redis processes: pid records let another process (a later run, ./run.sh stop) find, pause and stop them.</summary>
public sealed class ClusterControlTests : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"cluster-tests-{Guid.NewGuid():N}");
    private Cluster _cluster = null!;

    public Task InitializeAsync()
    {
        var layout = ClusterLayout.OnFreePorts(memcached: 2, silos: 1, fronts: 1);
        _cluster = Cluster.Create(layout, _state, AppBuilds.Locate());
        layout.Save(Cluster.LayoutFile(_state));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Another_process_finds_the_servers_by_their_pid_records_and_stops_them()
    {
        await _cluster.StartComponentAsync("memcached-1");
        await _cluster.StartComponentAsync("redis");
        var pid = _cluster.Running("memcached-1")!.Pid;

        var later = Cluster.Attach(_state, AppBuilds.Locate())!; // as `./run.sh stop` after a crash sees it
        var status = (await later.StatusAsync()).ToDictionary(s => s.Name);
        Assert.Equal((pid, ComponentState.Healthy), (status["memcached-1"].Pid!.Value, status["memcached-1"].State));
        Assert.Equal(ComponentState.Healthy, status["redis"].State);
        Assert.Equal(ComponentState.Down, status["memcached-2"].State);

        await later.PauseAsync("memcached-1");
        Assert.Equal(ComponentState.Paused, (await later.StatusAsync()).Single(s => s.Name == "memcached-1").State);

        await later.StopAsync();

        Assert.All(await _cluster.StatusAsync(), s => Assert.Equal(ComponentState.Down, s.State));
        Assert.True(FreePorts.IsFree(_cluster["memcached-1"].Port));
        Assert.Empty(Directory.EnumerateFiles(_cluster.PidDirectory));
    }

    [Fact]
    public async Task A_killed_server_restarts_on_its_port()
    {
        await _cluster.StartComponentAsync("memcached-2");
        var before = _cluster.Running("memcached-2")!.Pid;

        await _cluster.KillAsync("memcached-2");
        Assert.Null(_cluster.Running("memcached-2"));
        await _cluster.StartComponentAsync("memcached-2");

        var after = _cluster.Running("memcached-2")!;
        Assert.NotEqual(before, after.Pid);
        Assert.Equal(ComponentState.Healthy, await HealthProbe.CheckAsync(_cluster["memcached-2"]));
    }
}
