using System.Globalization;
using System.Text.RegularExpressions;
using Deploy.Tests.Support;
using k8s.Models;
using Orleans.Configuration;

namespace Deploy.Tests;

/// <summary>The silos' memcached server list is the StatefulSet's pods by their stable names, and each node is sized to its flags.</summary>
public sealed partial class MemcachedTopologyTests
{
    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Server_list_is_every_StatefulSet_pod_by_its_headless_Service_name(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var set = rendered.One<V1StatefulSet>("memcached");
        var service = rendered.One<V1Service>(set.Spec.ServiceName);
        var port = set.Spec.Template.Spec.Containers.Single().Ports.Single(p => p.Name == "memcached").ContainerPort;
        var env = ContainerEnvironment.Resolve(rendered, rendered.Workload("silo").Container("silo"));

        var servers = env.Values
            .Where(e => ServerKey().IsMatch(e.Name))
            .OrderBy(e => int.Parse(ServerKey().Match(e.Name).Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(e => e.Value)
            .ToList();

        Assert.False(env.ContainsKey("ConnectionStrings__memcached"), "Set the servers one per index, not also as a connection string.");
        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.True(Labels.Matches(service.Spec.Selector, set.Spec.Template.Metadata.Labels));
        Assert.Equal(port, service.Spec.Ports.Single().Port);
        Assert.Equal(
            Enumerable.Range(0, set.Spec.Replicas ?? 1).Select(i => $"{set.Name()}-{i}.{service.Name()}:{port}"),
            servers);
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Memory_limit_leaves_room_above_the_cache_memory_and_items_fit_the_largest_stored_state(string overlay)
    {
        var (memoryMb, itemBytes, container) = Flags(Rendered.Overlay(overlay));
        var limit = container.Resources.Limits["memory"].ToInt64();
        var request = container.Resources.Requests["memory"].ToInt64();
        const long MiB = 1024 * 1024;

        Assert.True(limit >= (memoryMb * MiB) + Math.Max(64 * MiB, memoryMb * MiB / 10), $"memory limit {limit / MiB} MiB for -m {memoryMb}");
        Assert.True(request >= memoryMb * MiB, $"memory request {request / MiB} MiB below -m {memoryMb}");
        Assert.True(itemBytes >= LargestItem, $"-I {itemBytes} is below the storage provider's largest item {LargestItem}");
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Every_argument_variable_is_set_and_every_setting_is_used(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var container = rendered.Workload("memcached").Container("memcached");
        var env = ContainerEnvironment.Resolve(rendered, container);
        var referenced = container.Args.SelectMany(a => Reference().Matches(a).Select(m => m.Groups[1].Value)).ToHashSet();

        Assert.Equal(env.Keys.Order(), referenced.Order());
        Assert.All(env.Values, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), e.Name));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Nodes_keep_apart(string overlay)
    {
        var pod = Rendered.Overlay(overlay).Workload("memcached");
        var anti = pod.Pod.Affinity.PodAntiAffinity;
        IEnumerable<V1PodAffinityTerm> terms = overlay == "prod"
            ? anti.RequiredDuringSchedulingIgnoredDuringExecution
            : anti.PreferredDuringSchedulingIgnoredDuringExecution.Select(t => t.PodAffinityTerm);

        var term = Assert.Single(terms);
        Assert.Equal("kubernetes.io/hostname", term.TopologyKey);
        Assert.True(Labels.Matches(term.LabelSelector, pod.PodLabels));
    }

    /// <summary>
    /// The largest item the storage provider writes: its item size where it chunks large states
    /// (DefaultMaxItemSize), else its largest state (DefaultMaxStateSize), as the provider's assembly says.
    /// </summary>
    private static long LargestItem =>
        Convert.ToInt64(
            (typeof(MemcachedGrainStorageOptions).GetField("DefaultMaxItemSize") ?? typeof(MemcachedGrainStorageOptions).GetField(nameof(MemcachedGrainStorageOptions.DefaultMaxStateSize)))!.GetRawConstantValue(),
            CultureInfo.InvariantCulture);

    /// <summary>-m (MB) and -I (bytes) as memcached will see them, with $(VAR) expanded from the pod's environment.</summary>
    internal static (long MemoryMb, long ItemBytes, V1Container Container) Flags(Rendered rendered)
    {
        var container = rendered.Workload("memcached").Container("memcached");
        var env = ContainerEnvironment.Resolve(rendered, container);
        var args = container.Args.Select(a => Reference().Replace(a, m => env[m.Groups[1].Value].Value!)).ToList();
        string Flag(string flag) => args[args.IndexOf(flag) + 1];

        return (long.Parse(Flag("-m"), CultureInfo.InvariantCulture), Size(Flag("-I")), container);
    }

    private static long Size(string value)
    {
        var unit = char.ToLowerInvariant(value[^1]);
        var factor = unit switch { 'k' => 1024L, 'm' => 1024L * 1024, _ => 1L };
        return long.Parse(factor == 1 ? value : value[..^1], CultureInfo.InvariantCulture) * factor;
    }

    [GeneratedRegex(@"^Memcached__Servers__(\d+)$")]
    private static partial Regex ServerKey();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
