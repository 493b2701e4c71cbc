using Deploy.Tests.Support;
using k8s.Models;

namespace Deploy.Tests;

/// <summary>memcached only from silos, Redis only from silos and front-ends, DNS for everyone, nothing else by default.</summary>
public sealed class NetworkPolicyTests
{
    /// <summary>Another pod of the namespace, even one carrying the system's common label.</summary>
    private static readonly Dictionary<string, string> s_stranger = new()
    {
        ["app.kubernetes.io/name"] = "debug-shell",
        ["app.kubernetes.io/part-of"] = "cluster-sessions",
    };

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Memcached_is_reachable_from_silos_only(string overlay)
    {
        var (policies, pods) = Load(overlay);

        Assert.True(policies.Allowed(pods["silo"], pods["memcached"], 11211));
        Assert.False(policies.IngressAllowed(pods["webfront"], pods["memcached"], 11211));
        Assert.False(policies.IngressAllowed(pods["redis"], pods["memcached"], 11211));
        Assert.False(policies.IngressAllowed(s_stranger, pods["memcached"], 11211));
        Assert.False(policies.IngressAllowed(null, pods["memcached"], 11211));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Redis_is_reachable_from_silos_and_front_ends_only(string overlay)
    {
        var (policies, pods) = Load(overlay);

        Assert.True(policies.Allowed(pods["silo"], pods["redis"], 6379));
        Assert.True(policies.Allowed(pods["webfront"], pods["redis"], 6379));
        Assert.False(policies.IngressAllowed(pods["memcached"], pods["redis"], 6379));
        Assert.False(policies.IngressAllowed(s_stranger, pods["redis"], 6379));
        Assert.False(policies.IngressAllowed(null, pods["redis"], 6379));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void The_cluster_works_silos_talk_to_each_other_and_front_ends_reach_the_gateways(string overlay)
    {
        var (policies, pods) = Load(overlay);

        Assert.True(policies.Allowed(pods["silo"], pods["silo"], 11111));
        Assert.True(policies.Allowed(pods["webfront"], pods["silo"], 30000));
        Assert.False(policies.Allowed(pods["webfront"], pods["silo"], 11111));
        Assert.True(policies.IngressAllowed(null, pods["webfront"], 8080));
        Assert.True(policies.EgressAllowed(pods["silo"], null, 443), "silos reach the Kubernetes API");
        Assert.False(policies.EgressAllowed(pods["webfront"], null, 443), "front-ends need no outside access");
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Everything_else_is_denied_but_every_pod_resolves_names(string overlay)
    {
        var (policies, pods) = Load(overlay);
        var denyAll = Assert.Single(Rendered.Overlay(overlay).All<V1NetworkPolicy>(), p => p.Spec.PodSelector.MatchLabels is null && p.Spec.PodSelector.MatchExpressions is null && p.Spec.Ingress is null && p.Spec.Egress is null);

        Assert.Equal(["Egress", "Ingress"], denyAll.Spec.PolicyTypes.Order());
        Assert.All(pods.Values, pod =>
        {
            Assert.True(policies.EgressAllowed(pod, null, 53, "UDP") && policies.EgressAllowed(pod, null, 53, "TCP"), "DNS");
            Assert.False(policies.IngressAllowed(s_stranger, pod, 9999), "an unlisted port");
            Assert.False(policies.EgressAllowed(pod, null, 9999), "an unlisted destination");
        });
        Assert.False(policies.EgressAllowed(pods["memcached"], null, 443));
    }

    [Fact]
    public void The_evaluator_allows_everything_without_policies_and_isolates_a_selected_pod()
    {
        var pod = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "x" };
        var deny = new V1NetworkPolicy
        {
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
        };

        Assert.True(new NetworkPolicies([]).Allowed(s_stranger, pod, 1));
        Assert.False(new NetworkPolicies([deny]).Allowed(s_stranger, pod, 1));
        Assert.True(new NetworkPolicies([deny]).EgressAllowed(pod, null, 1));
    }

    private static (NetworkPolicies Policies, Dictionary<string, IDictionary<string, string>> Pods) Load(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        return (new NetworkPolicies(rendered.All<V1NetworkPolicy>()), rendered.Workloads.ToDictionary(w => w.Name, w => w.PodLabels));
    }
}
