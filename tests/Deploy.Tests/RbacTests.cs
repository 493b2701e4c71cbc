using Deploy.Tests.Support;
using k8s.Models;
using Orleans.Hosting.Kubernetes;

namespace Deploy.Tests;

/// <summary>Only the silos talk to the Kubernetes API, with exactly the pod permissions Orleans' Kubernetes hosting uses.</summary>
public sealed class RbacTests
{
    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Silo_role_grants_exactly_what_Kubernetes_hosting_does_on_pods(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var role = Assert.Single(rendered.All<V1Role>());
        var rule = Assert.Single(role.Rules);

        // get (its own pod), patch (the orleans/* labels), list + watch (the cluster's pods); delete only when
        // it deletes pods of dead silos, which is off unless configured (the silo does not configure it).
        string[] expected = new KubernetesHostingOptions().DeleteDefunctSiloPods
            ? ["delete", "get", "list", "patch", "watch"]
            : ["get", "list", "patch", "watch"];
        Assert.Equal([string.Empty], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(expected, rule.Verbs.Order());
        Assert.Null(rule.ResourceNames);
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void The_role_is_bound_to_the_silos_service_account_only(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var binding = Assert.Single(rendered.All<V1RoleBinding>());
        var subject = Assert.Single(binding.Subjects);
        var silo = rendered.Workload("silo");

        Assert.Equal(("Role", Assert.Single(rendered.All<V1Role>()).Name()), (binding.RoleRef.Kind, binding.RoleRef.Name));
        Assert.Equal(("ServiceAccount", silo.Pod.ServiceAccountName, binding.Namespace()), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal(silo.Pod.ServiceAccountName, Assert.Single(rendered.All<V1ServiceAccount>()).Name());
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void No_other_pod_mounts_an_API_token(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var account = rendered.All<V1ServiceAccount>().Single();

        Assert.True(account.AutomountServiceAccountToken == true && rendered.Workload("silo").Pod.AutomountServiceAccountToken != false);
        Assert.All(rendered.Workloads.Where(w => w.Name != "silo"), w => Assert.True(w.Pod.AutomountServiceAccountToken == false, $"{w}: automountServiceAccountToken false"));
    }
}
