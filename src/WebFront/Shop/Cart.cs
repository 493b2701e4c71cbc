namespace WebFront.Shop;

/// <summary>One line of the cart.</summary>
/// <param name="Product">The product.</param>
/// <param name="Quantity">How many.</param>
public sealed record CartLine(Product Product, int Quantity)
{
    /// <summary>Quantity times unit price.</summary>
    public decimal Total => Product.Price * Quantity;
}

/// <summary>
/// The cart in the session: one key per product (<c>cart:{sku}</c> → quantity), so that two tabs adding different
/// products at once both keep their change (each request commits only its own key).
/// </summary>
public static class Cart
{
    /// <summary>The most of one product in a cart.</summary>
    public const int MaxQuantity = 99;

    private const string Prefix = "cart:";

    /// <summary>The cart's lines in catalog order.</summary>
    public static IReadOnlyList<CartLine> Read(ISession session)
    {
        var lines = new List<CartLine>();
        foreach (Product product in Catalog.Products)
        {
            if (session.GetInt32(Prefix + product.Sku) is int quantity and > 0)
            {
                lines.Add(new CartLine(product, quantity));
            }
        }

        return lines;
    }

    /// <summary>Adds <paramref name="quantity"/> of a product (capped at <see cref="MaxQuantity"/>).</summary>
    public static void Add(ISession session, Product product, int quantity = 1) =>
        SetQuantity(session, product, (session.GetInt32(Prefix + product.Sku) ?? 0) + quantity);

    /// <summary>Sets a product's quantity; 0 or less removes it.</summary>
    public static void SetQuantity(ISession session, Product product, int quantity)
    {
        if (quantity <= 0)
        {
            session.Remove(Prefix + product.Sku);
        }
        else
        {
            session.SetInt32(Prefix + product.Sku, Math.Min(quantity, MaxQuantity));
        }
    }

    /// <summary>Empties the cart (other session values stay).</summary>
    public static void Empty(ISession session)
    {
        foreach (string key in session.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).ToList())
        {
            session.Remove(key);
        }
    }
}
