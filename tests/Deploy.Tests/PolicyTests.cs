using Deploy.Tests.Support;
using k8s.Models;

namespace Deploy.Tests;

/// <summary>What every workload must have in production: limits, probes, a restricted security context, pinned images.</summary>
public sealed class PolicyTests
{
    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Every_container_requests_and_limits_cpu_and_memory(string overlay)
    {
        foreach (var (workload, container) in Containers(overlay))
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                ResourceQuantity? request = null;
                ResourceQuantity? limit = null;
                container.Resources?.Requests?.TryGetValue(resource, out request);
                container.Resources?.Limits?.TryGetValue(resource, out limit);
                Assert.True(request is not null && limit is not null, $"{workload}/{container.Name}: {resource} request and limit");
                Assert.True(request!.ToDecimal() > 0 && request.ToDecimal() <= limit!.ToDecimal(), $"{workload}/{container.Name}: {resource} request {request} <= limit {limit}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Every_container_has_startup_readiness_and_liveness_probes(string overlay)
    {
        Assert.All(Containers(overlay), c => Assert.True(
            c.Container.StartupProbe is not null && c.Container.ReadinessProbe is not null && c.Container.LivenessProbe is not null,
            $"{c.Workload}/{c.Container.Name}: startup, readiness and liveness probes"));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Every_pod_meets_the_restricted_pod_security_standard_with_a_read_only_root(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        Assert.Equal("restricted", Assert.Single(rendered.All<V1Namespace>()).Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        foreach (var workload in rendered.Workloads)
        {
            var pod = workload.Pod.SecurityContext;
            Assert.True(pod?.RunAsNonRoot == true && pod.RunAsUser > 0, $"{workload}: runAsNonRoot with a non-zero runAsUser");
            Assert.Equal("RuntimeDefault", pod!.SeccompProfile?.Type);
            Assert.NotEqual(true, workload.Pod.HostNetwork);
            Assert.All(workload.Pod.Volumes ?? [], v => Assert.True(v.HostPath is null, $"{workload}: hostPath volume {v.Name}"));
            foreach (var container in workload.AllContainers)
            {
                var security = container.SecurityContext;
                Assert.True(security?.AllowPrivilegeEscalation == false, $"{workload}/{container.Name}: allowPrivilegeEscalation false");
                Assert.True(security!.ReadOnlyRootFilesystem == true, $"{workload}/{container.Name}: readOnlyRootFilesystem");
                Assert.Equal(["ALL"], security.Capabilities?.Drop ?? []);
                Assert.Null(security.Capabilities?.Add);
                Assert.NotEqual(true, security.Privileged);
                Assert.NotEqual(0, security.RunAsUser);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Every_image_is_pinned_to_a_tag_other_than_latest(string overlay)
    {
        foreach (var (workload, container) in Containers(overlay))
        {
            Assert.True(ImageReference.IsPinned(container.Image), $"{workload}/{container.Name}: image '{container.Image}' is not pinned");
        }
    }

    [Fact]
    public void The_pin_check_rejects_latest_and_missing_tags()
    {
        Assert.False(ImageReference.IsPinned("memcached"));
        Assert.False(ImageReference.IsPinned("memcached:latest"));
        Assert.False(ImageReference.IsPinned("localhost:5000/cluster-sessions/silo"));
        Assert.True(ImageReference.IsPinned("localhost:5000/cluster-sessions/silo:0.1.0"));
        Assert.True(ImageReference.IsPinned("memcached@sha256:" + new string('a', 64)));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Silos_memcached_and_front_ends_have_disruption_budgets_that_allow_one_pod_down(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        foreach (var name in new[] { "silo", "memcached", "webfront" })
        {
            var workload = rendered.Workload(name);
            var budget = Assert.Single(rendered.All<V1PodDisruptionBudget>(), b => Labels.Matches(b.Spec.Selector, workload.PodLabels));
            Assert.Equal("1", budget.Spec.MaxUnavailable?.Value);
            Assert.Null(budget.Spec.MinAvailable);
        }
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Silos_and_memcached_run_three_replicas_and_replace_silos_one_at_a_time(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var silo = rendered.One<V1Deployment>("silo");

        Assert.Equal(3, silo.Spec.Replicas);
        Assert.Equal(3, rendered.One<V1StatefulSet>("memcached").Spec.Replicas);
        Assert.Equal(("1", "0"), (silo.Spec.Strategy.RollingUpdate.MaxSurge.Value, silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Silos_get_longer_to_stop_than_their_shutdown_timeout(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var silo = rendered.Workload("silo");
        var env = ContainerEnvironment.Resolve(rendered, silo.Container("silo"));
        var timeout = env.TryGetValue("Silo__ShutdownTimeout", out var configured)
            ? TimeSpan.Parse(configured.Value!, System.Globalization.CultureInfo.InvariantCulture)
            : new Sessions.Silo.Options.SiloHostOptions().ShutdownTimeout;

        Assert.True(silo.Pod.TerminationGracePeriodSeconds >= timeout.TotalSeconds + 10, $"terminationGracePeriodSeconds {silo.Pod.TerminationGracePeriodSeconds} vs Silo:ShutdownTimeout {timeout}");
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Silos_and_front_ends_spread_over_zones_and_nodes(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        foreach (var name in new[] { "silo", "webfront" })
        {
            var workload = rendered.Workload(name);
            var constraints = workload.Pod.TopologySpreadConstraints;

            Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], constraints.Select(c => c.TopologyKey).Order());
            Assert.All(constraints, c => Assert.True(Labels.Matches(c.LabelSelector, workload.PodLabels), $"{workload}: spread selector"));
        }

        var siloOnNodes = rendered.Workload("silo").Pod.TopologySpreadConstraints.Single(c => c.TopologyKey == "kubernetes.io/hostname");
        Assert.Equal(overlay == "prod" ? "DoNotSchedule" : "ScheduleAnyway", siloOnNodes.WhenUnsatisfiable);
    }

    private static IEnumerable<(Workload Workload, V1Container Container)> Containers(string overlay) =>
        Rendered.Overlay(overlay).Workloads.SelectMany(w => w.AllContainers.Select(c => (w, c)));
}
