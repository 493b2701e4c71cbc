using System.Text.RegularExpressions;

namespace Deploy.Tests.Support;

/// <summary>Container image references.</summary>
internal static partial class ImageReference
{
    /// <summary>True for name:tag (tag not "latest") or name@sha256:digest.</summary>
    public static bool IsPinned(string image)
    {
        if (Digest().IsMatch(image))
        {
            return true;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon > 0 && image[(colon + 1)..] is { Length: > 0 } tag && !tag.Equals("latest", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("@sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();
}
