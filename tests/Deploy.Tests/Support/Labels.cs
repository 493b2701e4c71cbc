using k8s.Models;

namespace Deploy.Tests.Support;

/// <summary>Label selector matching as the API server does it.</summary>
internal static class Labels
{
    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

    /// <summary>An empty selector ({}) matches everything; null matches nothing.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        var byLabels = selector.MatchLabels?.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value) ?? true;
        var byExpressions = selector.MatchExpressions?.All(e => Matches(e, labels)) ?? true;
        return byLabels && byExpressions;
    }

    private static bool Matches(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(requirement.Key, out var value);
        return requirement.OperatorProperty switch
        {
            "In" => has && requirement.Values.Contains(value!),
            "NotIn" => !has || !requirement.Values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            _ => throw new Xunit.Sdk.XunitException($"Unknown selector operator {requirement.OperatorProperty}."),
        };
    }
}
