using Deploy.Tests.Support;
using k8s;
using k8s.Models;

namespace Deploy.Tests;

/// <summary>Every kustomization renders with <c>kubectl kustomize</c> and parses strictly into typed objects.</summary>
public sealed class KustomizeBuildTests
{
    public static TheoryData<string> Kustomizations => ["base", "redis", "overlays/dev", "overlays/prod"];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Renders_and_parses_into_typed_objects(string directory)
    {
        var rendered = Rendered.Of(directory);

        Assert.NotEmpty(rendered.Objects);
        Assert.All(rendered.Objects, o => Assert.False(string.IsNullOrEmpty(o.Kind), "an object without kind"));
        Assert.All(rendered.Objects, o => Assert.IsNotType<object>(o, exactMatch: true));
        var names = rendered.Objects.Select(o => $"{o.Kind}/{((IMetadata<V1ObjectMeta>)o).Name()}").ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Overlay_has_every_part_of_the_system(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        string[] kinds = [.. rendered.Objects.Select(o => o.Kind).Distinct().Order()];

        Assert.Equal(
            ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount", "StatefulSet"],
            kinds.Where(k => k != "Secret"));
        Assert.Equal(["memcached", "redis", "silo", "webfront"], rendered.Workloads.Select(w => w.Name).Order());
        var ns = Assert.Single(rendered.All<V1Namespace>()).Name();
        Assert.All(rendered.Objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal(ns, ((IMetadata<V1ObjectMeta>)o).Namespace()));
    }

    [Fact]
    public void Strict_parsing_rejects_a_misspelled_field()
    {
        const string Yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  selectr:\n    app: x\n";

        Assert.Single(KubernetesYaml.LoadAllFromString(Yaml));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(Yaml, strict: true));
    }
}
