using k8s.Models;

namespace Deploy.Tests.Support;

/// <summary>A Deployment or StatefulSet: what runs pods.</summary>
internal sealed record Workload(string Kind, string Name, int? Replicas, V1LabelSelector Selector, V1PodTemplateSpec Template)
{
    public V1PodSpec Pod => Template.Spec;

    public IDictionary<string, string> PodLabels => Template.Metadata.Labels ?? new Dictionary<string, string>();

    public IEnumerable<V1Container> AllContainers => [.. Pod.InitContainers ?? [], .. Pod.Containers];

    public V1Container Container(string name) =>
        Pod.Containers.SingleOrDefault(c => c.Name == name) ?? throw new Xunit.Sdk.XunitException($"{Kind} {Name}: no container '{name}'.");

    public override string ToString() => $"{Kind} {Name}";
}
