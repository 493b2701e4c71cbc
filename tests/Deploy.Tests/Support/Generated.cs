using System.Text.RegularExpressions;

namespace Deploy.Tests.Support;

/// <summary>Names kustomize generates: "&lt;name&gt;-&lt;10 character hash&gt;" for ConfigMaps and Secrets.</summary>
internal static partial class Generated
{
    public static bool Matches(string actual, string generatedName) =>
        actual == generatedName || (actual.StartsWith(generatedName + "-", StringComparison.Ordinal) && Hash().IsMatch(actual[(generatedName.Length + 1)..]));

    [GeneratedRegex("^[a-z0-9]{10}$")]
    private static partial Regex Hash();
}
