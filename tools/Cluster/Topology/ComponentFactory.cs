using System.Globalization;

namespace LocalCluster.Topology;

/// <summary>Turns a layout into the commands that run it: memcached and Redis from PATH, the silos and front-ends from their builds.</summary>
public static class ComponentFactory
{
    /// <summary>
    /// Graceful-shutdown budget of a local silo (Silo:ShutdownTimeout): deactivating the grains of a
    /// small local cluster takes well under a second; the production default of 30 s would only slow Ctrl-C.
    /// </summary>
    public static readonly TimeSpan SiloShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Where Redis keeps its append-only file.</summary>
    public static string RedisDataDirectory(string stateDirectory) => Path.Combine(stateDirectory, "redis");

    /// <summary>Every component of <paramref name="layout"/>, in start order.</summary>
    public static IReadOnlyList<ComponentSpec> Create(ClusterLayout layout, AppBuilds builds, string stateDirectory)
    {
        var specs = new List<ComponentSpec>();
        var memcached = Executables.Find("memcached", "memcached");
        for (var i = 0; i < layout.MemcachedPorts.Count; i++)
        {
            specs.Add(Memcached($"memcached-{i + 1}", memcached, layout.MemcachedPorts[i], stateDirectory));
        }

        if (!layout.Quick)
        {
            specs.Add(Redis(Executables.Find("redis-server", "redis-server"), layout.RedisPort, stateDirectory));
        }

        var memcachedServers = string.Join(',', layout.MemcachedPorts.Select(p => $"127.0.0.1:{p}"));
        var gateways = layout.Silos.Select(s => s.Gateway).ToList();
        for (var i = 0; i < layout.Silos.Count; i++)
        {
            specs.Add(Silo($"silo-{i + 1}", layout, layout.Silos[i], memcachedServers, builds));
        }

        for (var i = 0; i < layout.WebPorts.Count; i++)
        {
            specs.Add(WebFront($"web-{i + 1}", layout, layout.WebPorts[i], gateways, builds, stateDirectory));
        }

        return specs;
    }

    private static ComponentSpec Memcached(string name, string executable, int port, string stateDirectory)
    {
        List<string> args = ["-l", "127.0.0.1", "-p", Text(port), "-U", "0", "-m", "64", "-c", "4096"];
        if (Environment.UserName == "root")
        {
            args.AddRange(["-u", "nobody"]); // memcached refuses to run as root
        }

        return new ComponentSpec(name, ComponentKind.Memcached, executable, args, new Dictionary<string, string>(), stateDirectory, port, $"127.0.0.1:{port}", "memcached");
    }

    /// <summary>
    /// Redis keeps the membership table and the data-protection key ring, so it persists them (append-only
    /// file, fsync on every write: a handful of small writes a second here): a Redis that is killed and
    /// restarted comes back with the cluster's membership instead of an empty table.
    /// </summary>
    private static ComponentSpec Redis(string executable, int port, string stateDirectory)
    {
        var data = RedisDataDirectory(stateDirectory);
        List<string> args =
        [
            "--bind", "127.0.0.1", "--port", Text(port), "--dir", data, "--save", string.Empty,
            "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--protected-mode", "yes",
        ];
        return new ComponentSpec("redis", ComponentKind.Redis, executable, args, new Dictionary<string, string>(), stateDirectory, port, $"127.0.0.1:{port}", "redis-server");
    }

    private static ComponentSpec Silo(string name, ClusterLayout layout, SiloPorts ports, string memcachedServers, AppBuilds builds)
    {
        var env = new Dictionary<string, string>
        {
            ["Silo__ClusterId"] = layout.ClusterId,
            ["Silo__ServiceId"] = layout.ClusterId,
            ["Silo__SiloPort"] = Text(ports.Silo),
            ["Silo__GatewayPort"] = Text(ports.Gateway),
            ["Silo__HttpPort"] = Text(ports.Http),
            ["Silo__AdvertisedIPAddress"] = "127.0.0.1",
            ["Silo__ShutdownTimeout"] = SiloShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Silo__LogFormat"] = "simple",
            ["Silo__Kubernetes"] = "Disabled",
            ["ConnectionStrings__memcached"] = memcachedServers,
        };
        if (layout.Quick)
        {
            env["Silo__Clustering"] = "Localhost";
        }
        else
        {
            env["Silo__Clustering"] = "Redis";
            env["ConnectionStrings__redis"] = $"127.0.0.1:{layout.RedisPort}";
        }

        return new ComponentSpec(name, ComponentKind.Silo, builds.DotNet, [builds.SiloDll], env, Path.GetDirectoryName(builds.SiloDll)!, ports.Gateway,
            $"http://127.0.0.1:{ports.Http}/health/ready (gateway {ports.Gateway})", "dotnet")
        { HealthPort = ports.Http };
    }

    private static ComponentSpec WebFront(string name, ClusterLayout layout, int port, IReadOnlyList<int> gateways, AppBuilds builds, string stateDirectory)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_CONTENTROOT"] = builds.WebFrontContentRoot,
            ["Silo__ClusterId"] = layout.ClusterId,
            ["Silo__ServiceId"] = layout.ClusterId,
            ["WebFront__InstanceName"] = name,
            ["Admin__ApiKey"] = AdminKey.Read(stateDirectory),
        };
        if (layout.Quick)
        {
            env["Silo__Clustering"] = "Localhost";
            for (var i = 0; i < gateways.Count; i++)
            {
                env[$"Silo__GatewayPorts__{i}"] = Text(gateways[i]);
            }
        }
        else
        {
            env["Silo__Clustering"] = "Redis";
            env["ConnectionStrings__redis"] = $"127.0.0.1:{layout.RedisPort}";
        }

        return new ComponentSpec(name, ComponentKind.WebFront, builds.DotNet, [builds.WebFrontDll, "--urls", $"http://127.0.0.1:{port}"], env,
            Path.GetDirectoryName(builds.WebFrontDll)!, port, $"http://127.0.0.1:{port}/", "dotnet")
        { HealthPort = port };
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
