using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Deploy.Tests.Support;

/// <summary>One kustomization rendered by <c>kubectl kustomize</c> and parsed, strictly, into typed Kubernetes objects.</summary>
internal sealed class Rendered
{
    /// <summary>The overlays users deploy.</summary>
    public static readonly string[] OverlayNames = ["dev", "prod"];

    private static readonly ConcurrentDictionary<string, Lazy<Rendered>> s_cache = new();

    private Rendered(string directory, string yaml, IReadOnlyList<IKubernetesObject> objects)
    {
        Directory = directory;
        Yaml = yaml;
        Objects = objects;
    }

    public string Directory { get; }

    public string Yaml { get; }

    public IReadOnlyList<IKubernetesObject> Objects { get; }

    public static TheoryData<string> Overlays => [.. OverlayNames];

    /// <summary>deploy/k8s/overlays/&lt;name&gt;, rendered once per test run.</summary>
    public static Rendered Overlay(string name) => Of(Path.Combine("overlays", name));

    /// <summary>A kustomization under deploy/k8s, rendered once per test run.</summary>
    public static Rendered Of(string relativeDirectory) =>
        s_cache.GetOrAdd(relativeDirectory, d => new Lazy<Rendered>(() => Render(d))).Value;

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T One<T>(string name)
        where T : IMetadata<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Name() == name)
        ?? throw new Xunit.Sdk.XunitException($"{Directory}: no {typeof(T).Name} named '{name}'.");

    /// <summary>A ConfigMap by the name it has before kustomize's hash suffix (e.g. silo-config).</summary>
    public V1ConfigMap ConfigMap(string generatedName) =>
        All<V1ConfigMap>().SingleOrDefault(c => Generated.Matches(c.Name(), generatedName))
        ?? throw new Xunit.Sdk.XunitException($"{Directory}: no ConfigMap generated as '{generatedName}'.");

    /// <summary>Every Deployment and StatefulSet, as pod workloads.</summary>
    public IReadOnlyList<Workload> Workloads =>
    [
        .. All<V1Deployment>().Select(d => new Workload("Deployment", d.Name(), d.Spec.Replicas, d.Spec.Selector, d.Spec.Template)),
        .. All<V1StatefulSet>().Select(s => new Workload("StatefulSet", s.Name(), s.Spec.Replicas, s.Spec.Selector, s.Spec.Template)),
    ];

    public Workload Workload(string name) =>
        Workloads.SingleOrDefault(w => w.Name == name) ?? throw new Xunit.Sdk.XunitException($"{Directory}: no workload named '{name}'.");

    private static Rendered Render(string relativeDirectory)
    {
        var directory = Path.Combine(Repo.Deploy, relativeDirectory);
        var yaml = Kubectl.Kustomize(directory);
        var objects = KubernetesYaml.LoadAllFromString(yaml, strict: true).Cast<IKubernetesObject>().ToList();
        return new Rendered(relativeDirectory, yaml, objects);
    }
}
