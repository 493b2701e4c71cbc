using System.Text.RegularExpressions;
using Deploy.Tests.Support;
using k8s.Models;

namespace Deploy.Tests;

/// <summary>Every setting the manifests give the apps is one the apps actually read, with a value they accept.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [MemberData(nameof(AppSchema.OverlaysAndApps), MemberType = typeof(AppSchema))]
    public void Every_variable_is_read_by_the_app_and_binds_to_its_options(string overlay, string appName)
    {
        var app = AppSchema.Named(appName);
        var rendered = Rendered.Overlay(overlay);
        var env = ContainerEnvironment.Resolve(rendered, rendered.Workload(app.Workload).Container(app.Container));

        Assert.NotEmpty(env);
        Assert.Empty(AppConfiguration.Problems(app, env));
    }

    [Fact]
    public void The_binding_check_reports_unknown_keys_bad_values_and_unknown_connection_strings()
    {
        Dictionary<string, EnvEntry> env = new()
        {
            ["Silo__Clusterring"] = Literal("Silo__Clusterring", "Redis"),
            ["Silo__SiloPort"] = Literal("Silo__SiloPort", "eleven"),
            ["ConnectionStrings__cache"] = Literal("ConnectionStrings__cache", "x:1"),
            ["Memcachd__Servers__0"] = Literal("Memcachd__Servers__0", "x:1"),
            ["Logging__LogLevel__Default"] = Literal("Logging__LogLevel__Default", "Loud"),
            ["POD_NAME"] = Literal("POD_NAME", "silo-0"),
        };

        var problems = AppConfiguration.Problems(AppSchema.Silo, env);

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("Clusterring", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("eleven", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'cache'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'Memcachd'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Loud", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public void Connection_strings_allowed_for_an_app_are_ones_its_code_asks_for(string appName)
    {
        var app = AppSchema.Named(appName);
        var asked = app.SourceDirectories
            .SelectMany(d => Directory.EnumerateFiles(Repo.PathOf(d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"GetConnectionString\(""([^""]+)""\)").Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.Superset(app.ConnectionStrings.ToHashSet(), asked);
    }

    public static TheoryData<string> AppNames => [.. AppSchema.All.Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Silo_has_the_Orleans_Kubernetes_hosting_variables_from_the_pod_and_the_cluster_identity(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var silo = rendered.Workload("silo");
        var env = ContainerEnvironment.Resolve(rendered, silo.Container("silo"));

        Assert.Equal("Enabled", env["Silo__Kubernetes"].Value);
        Assert.Equal(["ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID", "POD_IP", "POD_NAME", "POD_NAMESPACE"], AppSchema.Silo.EnvironmentVariables.Order());
        Assert.Equal("metadata.name", Field(env, "POD_NAME"));
        Assert.Equal("metadata.namespace", Field(env, "POD_NAMESPACE"));
        Assert.Equal("status.podIP", Field(env, "POD_IP"));
        Assert.Equal(env["Silo__ServiceId"].Value, env["ORLEANS_SERVICE_ID"].Value);
        Assert.Equal(env["Silo__ClusterId"].Value, env["ORLEANS_CLUSTER_ID"].Value);
        Assert.Equal(env["Silo__ServiceId"].Value, silo.PodLabels[Orleans.Hosting.Kubernetes.KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(env["Silo__ClusterId"].Value, silo.PodLabels[Orleans.Hosting.Kubernetes.KubernetesHostingOptions.ClusterIdLabel]);
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Front_ends_join_the_silos_cluster_through_the_same_Redis(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var silo = ContainerEnvironment.Resolve(rendered, rendered.Workload("silo").Container("silo"));
        var web = ContainerEnvironment.Resolve(rendered, rendered.Workload("webfront").Container("webfront"));

        Assert.Equal("Redis", silo["Silo__Clustering"].Value);
        Assert.Equal("Redis", web["Silo__Clustering"].Value);
        Assert.Equal("Redis", web["DataProtection__KeyRing"].Value);
        foreach (var key in new[] { "Silo__ClusterId", "Silo__ServiceId" })
        {
            Assert.Equal(silo[key].Value, web[key].Value);
        }

        Assert.Equal((EnvSource.Secret, silo["ConnectionStrings__redis"].SourceName), (web["ConnectionStrings__redis"].Source, web["ConnectionStrings__redis"].SourceName));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Secrets_come_only_from_Secrets(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var secretLike = new Regex("password|apikey|api-key|connectionstrings|secret|token", RegexOptions.IgnoreCase);
        foreach (var workload in rendered.Workloads)
        {
            foreach (var container in workload.AllContainers)
            {
                var env = ContainerEnvironment.Resolve(rendered, container);
                Assert.All(env.Values.Where(e => secretLike.IsMatch(e.Name)), e => Assert.Equal(EnvSource.Secret, e.Source));
            }
        }

        Assert.All(rendered.All<V1ConfigMap>().SelectMany(c => c.Data.Keys), key => Assert.DoesNotMatch(secretLike, key));
        Assert.Equal(EnvSource.Secret, ContainerEnvironment.Resolve(rendered, rendered.Workload("webfront").Container("webfront"))["Admin__ApiKey"].Source);
    }

    [Fact]
    public void Dev_Redis_connection_string_reaches_the_Redis_Service_with_its_password()
    {
        var rendered = Rendered.Overlay("dev");
        var env = ContainerEnvironment.Resolve(rendered, rendered.Workload("silo").Container("silo"));
        var parts = env["ConnectionStrings__redis"].Value!.Split(',');
        var password = ContainerEnvironment.SecretData(rendered, rendered.Workload("redis").Container("redis").Env.Single(e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef.Name)["password"];
        var service = rendered.One<V1Service>("redis");

        Assert.Equal($"{service.Name()}:{service.Spec.Ports.Single().Port}", parts[0]);
        Assert.Contains($"password={password}", parts);
    }

    private static string? Field(IReadOnlyDictionary<string, EnvEntry> env, string name)
    {
        Assert.Equal(EnvSource.Field, env[name].Source);
        return env[name].SourceKey;
    }

    private static EnvEntry Literal(string name, string value) => new(name, EnvSource.Literal, null, null, value);
}
