using System.Text.RegularExpressions;
using Deploy.Tests.Support;
using k8s.Models;

namespace Deploy.Tests;

/// <summary>deploy/k8s/README.md keeps up with the manifests: every knob and every Secret a user must create is described.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string s_readme = File.ReadAllText(Path.Combine(Repo.Deploy, "README.md"));

    [Fact]
    public void Every_setting_in_the_base_ConfigMaps_is_described()
    {
        var keys = Directory.EnumerateFiles(Path.Combine(Repo.Deploy, "base", "config"), "*.env")
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => IndexSuffix().Replace(l.Split('=')[0], "__"))
            .Distinct()
            .ToList();

        Assert.Contains("Memcached__Servers__", keys);
        Assert.All(keys, key => Assert.True(s_readme.Contains($"`{key}", StringComparison.Ordinal), $"README.md does not describe {key}"));
    }

    [Fact]
    public void Every_Secret_prod_expects_is_described_with_its_keys()
    {
        var prod = Rendered.Overlay("prod");
        var referenced = prod.Workloads
            .SelectMany(w => w.AllContainers)
            .SelectMany(c => (c.EnvFrom ?? []).Select(e => e.SecretRef?.Name).Concat((c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name)))
            .Concat(prod.All<V1Ingress>().SelectMany(i => i.Spec.Tls ?? []).Select(t => t.SecretName))
            .OfType<string>()
            .Distinct()
            .ToList();

        Assert.Equal(["redis-auth", "redis-connection", "webfront-admin", "webfront-tls"], referenced.Order());
        Assert.Empty(prod.All<V1Secret>());
        foreach (var secret in referenced)
        {
            Assert.Contains($"`{secret}`", s_readme, StringComparison.Ordinal);
            var keys = secret == "webfront-tls" ? ["tls.crt", "tls.key"] : ContainerEnvironment.SecretData(prod, secret).Keys;
            Assert.All(keys, key => Assert.Contains($"`{key}`", s_readme, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Build_commands_name_both_Dockerfiles_and_the_images_the_manifests_run()
    {
        var images = Rendered.Overlay("dev").Workloads.SelectMany(w => w.Pod.Containers).Select(c => c.Image.Split(':')[0]).Where(i => i.StartsWith("cluster-sessions/", StringComparison.Ordinal)).Order();

        Assert.Equal(["cluster-sessions/silo", "cluster-sessions/webfront"], images);
        Assert.All(images, i => Assert.Contains($"-t {i}:dev .", s_readme, StringComparison.Ordinal));
        Assert.Contains("docker build -f src/Silo/Dockerfile", s_readme, StringComparison.Ordinal);
        Assert.Contains("docker build -f src/WebFront/Dockerfile", s_readme, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"__\d+$")]
    private static partial Regex IndexSuffix();
}
