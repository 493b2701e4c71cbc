using System.Globalization;

namespace WebFront.Shop;

/// <summary>One product of the demo shop.</summary>
/// <param name="Sku">Its stock-keeping unit (also its session key suffix).</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">One line about it.</param>
/// <param name="Price">Its unit price in euros.</param>
public sealed record Product(string Sku, string Name, string Description, decimal Price)
{
    /// <summary>The price as shown.</summary>
    public string PriceText => Format(Price);

    /// <summary>An amount as shown on the pages.</summary>
    public static string Format(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture) + " €";
}

/// <summary>The demo shop's products.</summary>
public static class Catalog
{
    /// <summary>Every product, in display order.</summary>
    public static IReadOnlyList<Product> Products { get; } =
    [
        new("tea", "Green tea", "Sencha, 100 g tin", 7.90m),
        new("mug", "Stoneware mug", "Hand-glazed, 350 ml", 14.50m),
        new("honey", "Acacia honey", "Runny, 250 g jar", 9.20m),
        new("biscuits", "Butter biscuits", "Box of 24", 4.80m),
        new("kettle", "Gooseneck kettle", "Stainless steel, 0.8 l", 39.00m),
        new("notebook", "Dotted notebook", "A5, 160 pages", 11.00m),
    ];

    /// <summary>The product with <paramref name="sku"/>, if any.</summary>
    public static Product? Find(string? sku) => Products.FirstOrDefault(p => string.Equals(p.Sku, sku, StringComparison.Ordinal));
}
