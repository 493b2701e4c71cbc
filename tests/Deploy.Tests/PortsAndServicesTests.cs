using System.Globalization;
using Deploy.Tests.Support;
using k8s.Models;

namespace Deploy.Tests;

/// <summary>Container ports are the ports the apps listen on; Services, probes, the Ingress and the HPA point at things that exist.</summary>
public sealed class PortsAndServicesTests
{
    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Silo_container_ports_are_the_configured_ports(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var container = rendered.Workload("silo").Container("silo");
        var (silo, gateway, http) = AppPorts.Silo(ContainerEnvironment.Resolve(rendered, container));

        Assert.Equal(
            new Dictionary<string, int> { ["silo"] = silo, ["gateway"] = gateway, ["http"] = http },
            container.Ports.ToDictionary(p => p.Name, p => p.ContainerPort));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Front_end_container_port_is_the_configured_port(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var container = rendered.Workload("webfront").Container("webfront");

        var port = Assert.Single(container.Ports);
        Assert.Equal(("http", AppPorts.WebFront(ContainerEnvironment.Resolve(rendered, container))), (port.Name, port.ContainerPort));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Every_probe_targets_a_declared_container_port(string overlay)
    {
        foreach (var workload in Rendered.Overlay(overlay).Workloads)
        {
            foreach (var container in workload.Pod.Containers)
            {
                foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe }.Where(p => p?.Exec is null))
                {
                    var port = probe!.HttpGet?.Port ?? probe.TcpSocket?.Port ?? probe.Grpc?.Port.ToString(CultureInfo.InvariantCulture);
                    Assert.True(ResolvePort(container, port!.Value) is not null, $"{workload}/{container.Name}: probe port {port.Value} is not a container port.");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Every_Service_selects_exactly_one_workload_and_its_target_ports_exist(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        foreach (var service in rendered.All<V1Service>())
        {
            var workload = Assert.Single(rendered.Workloads, w => Labels.Matches(service.Spec.Selector, w.PodLabels));
            foreach (var port in service.Spec.Ports)
            {
                var target = port.TargetPort?.Value ?? port.Port.ToString(CultureInfo.InvariantCulture);
                Assert.True(
                    workload.Pod.Containers.Any(c => ResolvePort(c, target) is not null),
                    $"Service {service.Name()} port {port.Name}: target {target} is no container port of {workload}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Workload_selectors_match_their_own_pod_labels_and_no_other_workload(string overlay)
    {
        var workloads = Rendered.Overlay(overlay).Workloads;
        foreach (var workload in workloads)
        {
            Assert.Equal([workload.Name], workloads.Where(w => Labels.Matches(workload.Selector, w.PodLabels)).Select(w => w.Name));
        }
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Ingress_routes_to_the_front_end_Service_port(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var ingress = Assert.Single(rendered.All<V1Ingress>());
        var backend = Assert.Single(ingress.Spec.Rules.SelectMany(r => r.Http.Paths)).Backend.Service;
        var service = rendered.One<V1Service>(backend.Name);

        Assert.Contains(service.Spec.Ports, p => p.Name == backend.Port.Name || p.Port == backend.Port.Number);
        Assert.True(Labels.Matches(service.Spec.Selector, rendered.Workload("webfront").PodLabels));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Autoscaler_scales_the_front_end_on_CPU_which_it_requests_and_owns_the_replica_count(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        var hpa = Assert.Single(rendered.All<V2HorizontalPodAutoscaler>());
        var deployment = rendered.One<V1Deployment>(hpa.Spec.ScaleTargetRef.Name);

        Assert.Equal(("Deployment", "webfront"), (hpa.Spec.ScaleTargetRef.Kind, deployment.Name()));
        Assert.Null(deployment.Spec.Replicas);
        Assert.InRange(hpa.Spec.MinReplicas ?? 1, 1, hpa.Spec.MaxReplicas);
        Assert.Equal("cpu", Assert.Single(hpa.Spec.Metrics).Resource.Name);
        Assert.All(deployment.Spec.Template.Spec.Containers, c => Assert.True(c.Resources.Requests.ContainsKey("cpu")));
    }

    [Theory]
    [MemberData(nameof(Rendered.Overlays), MemberType = typeof(Rendered))]
    public void Metrics_scrape_annotations_name_the_HTTP_port(string overlay)
    {
        var rendered = Rendered.Overlay(overlay);
        foreach (var name in new[] { "silo", "webfront" })
        {
            var workload = rendered.Workload(name);
            var annotations = workload.Template.Metadata.Annotations;
            var http = workload.Container(name).Ports.Single(p => p.Name == "http").ContainerPort;

            Assert.Equal(("true", http.ToString(CultureInfo.InvariantCulture), "/metrics"), (annotations["prometheus.io/scrape"], annotations["prometheus.io/port"], annotations["prometheus.io/path"]));
        }
    }

    /// <summary>A port by name or number: the container port's number, or null when the container has no such port.</summary>
    internal static int? ResolvePort(V1Container container, string nameOrNumber) =>
        int.TryParse(nameOrNumber, out var number)
            ? container.Ports?.Any(p => p.ContainerPort == number) == true ? number : null
            : container.Ports?.SingleOrDefault(p => p.Name == nameOrNumber)?.ContainerPort;
}
