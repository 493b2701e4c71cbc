using k8s.Models;

namespace Deploy.Tests.Support;

/// <summary>
/// Evaluates the NetworkPolicies of one namespace for traffic between its pods (by their labels) or to
/// destinations outside it: allowed only when the source's egress and the destination's ingress both allow it.
/// Conservative where a test could be fooled: an ipBlock peer is taken to match every pod.
/// </summary>
internal sealed class NetworkPolicies(IEnumerable<V1NetworkPolicy> policies)
{
    private readonly List<V1NetworkPolicy> _policies = [.. policies];

    public bool Allowed(IDictionary<string, string> from, IDictionary<string, string> to, int port, string protocol = "TCP") =>
        EgressAllowed(from, to, port, protocol) && IngressAllowed(from, to, port, protocol);

    /// <summary>Egress from a pod to a destination outside the namespace's pods (null labels), e.g. DNS or the API server.</summary>
    public bool EgressAllowed(IDictionary<string, string> from, IDictionary<string, string>? to, int port, string protocol = "TCP")
    {
        var selecting = Selecting(from, "Egress");
        return selecting.Count == 0 || selecting.Any(p => (p.Spec.Egress ?? []).Any(rule =>
            PortsMatch(rule.Ports, port, protocol) && PeersMatch(rule.To, to)));
    }

    public bool IngressAllowed(IDictionary<string, string>? from, IDictionary<string, string> to, int port, string protocol = "TCP")
    {
        var selecting = Selecting(to, "Ingress");
        return selecting.Count == 0 || selecting.Any(p => (p.Spec.Ingress ?? []).Any(rule =>
            PortsMatch(rule.Ports, port, protocol) && PeersMatch(rule.FromProperty, from)));
    }

    private List<V1NetworkPolicy> Selecting(IDictionary<string, string> pod, string type) =>
        [.. _policies.Where(p => Labels.Matches(p.Spec.PodSelector, pod) && Types(p).Contains(type))];

    private static IList<string> Types(V1NetworkPolicy policy) =>
        policy.Spec.PolicyTypes is { Count: > 0 } types
            ? types
            : policy.Spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"];

    private static bool PortsMatch(IList<V1NetworkPolicyPort>? ports, int port, string protocol) =>
        ports is null or { Count: 0 } || ports.Any(p =>
            (p.Protocol ?? "TCP") == protocol
            && (p.Port is null || (int.TryParse(p.Port.Value, out var number)
                ? number <= port && port <= (p.EndPort ?? number)
                : throw new Xunit.Sdk.XunitException($"Named port '{p.Port.Value}' in a NetworkPolicy: use numbers, so the policy can be checked."))));

    /// <summary>An empty peer list allows everyone; a pod selector without a namespace selector means this namespace.</summary>
    private static bool PeersMatch(IList<V1NetworkPolicyPeer>? peers, IDictionary<string, string>? pod) =>
        peers is null or { Count: 0 } || peers.Any(peer =>
            peer.IpBlock is not null
            || (pod is not null && peer.PodSelector is not null && Labels.Matches(peer.PodSelector, pod)
                && (peer.NamespaceSelector is null || Labels.Matches(peer.NamespaceSelector, new Dictionary<string, string>())))
            || (pod is null && peer.NamespaceSelector is not null));
}
