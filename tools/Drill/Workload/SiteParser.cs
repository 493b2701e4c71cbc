using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Drill.Workload;

/// <summary>Reads what the front-end's pages and session API return (see src/WebFront: Pages/Index.cshtml, Api/SessionApiEndpoints.cs).</summary>
internal static partial class SiteParser
{
    /// <summary>The cart's session key prefix (WebFront's Cart: <c>cart:{sku}</c> → 32-bit big-endian quantity).</summary>
    public const string CartPrefix = "cart:";

    /// <summary>The prefix of the values the drill writes through the JSON API.</summary>
    public const string PrefPrefix = "pref:";

    /// <summary>The products of the demo shop (WebFront's Catalog).</summary>
    public static readonly string[] Skus = ["tea", "mug", "honey", "biscuits", "kettle", "notebook"];

    /// <summary>The cart the shop page shows: <c>cart:{sku}</c> → quantity.</summary>
    public static Dictionary<string, string> Cart(string html)
    {
        var cart = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match line in CartLine().Matches(html))
        {
            cart[CartPrefix + line.Groups["sku"].Value] = line.Groups["quantity"].Value;
        }

        return cart;
    }

    /// <summary>The antiforgery token of the page's forms; null when the page has none.</summary>
    public static string? FormToken(string html) => Token().Match(html) is { Success: true } m ? m.Groups["token"].Value : null;

    /// <summary>
    /// The session as <c>GET /api/session</c> returns it, with cart quantities decoded from their 4 bytes and the
    /// drill's own values as text. Keys of other kinds are left out.
    /// </summary>
    public static Dictionary<string, string> Session(string json)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var bytes = property.Value.ValueKind == JsonValueKind.String
                ? Encoding.UTF8.GetBytes(property.Value.GetString()!)
                : Convert.FromBase64String(property.Value.GetProperty("base64").GetString()!);
            if (property.Name.StartsWith(CartPrefix, StringComparison.Ordinal))
            {
                values[property.Name] = bytes.Length == 4
                    ? BinaryPrimitives.ReadInt32BigEndian(bytes).ToString(CultureInfo.InvariantCulture)
                    : $"<{bytes.Length} bytes>";
            }
            else if (property.Name.StartsWith(PrefPrefix, StringComparison.Ordinal))
            {
                values[property.Name] = Encoding.UTF8.GetString(bytes);
            }
        }

        return values;
    }

    [GeneratedRegex(@"data-testid=""cart-line"" data-sku=""(?<sku>[^""]+)"" data-quantity=""(?<quantity>\d+)""", RegexOptions.CultureInvariant)]
    private static partial Regex CartLine();

    [GeneratedRegex(@"<input[^>]*name=""__RequestVerificationToken""[^>]*value=""(?<token>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
