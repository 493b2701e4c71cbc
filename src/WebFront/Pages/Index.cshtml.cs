using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebFront.Shop;

namespace WebFront.Pages;

/// <summary>The shop: products and the cart (add, change quantity, remove, empty). Every change redirects back (post/redirect/get).</summary>
public sealed class IndexModel : PageModel
{
    /// <summary>The cart's lines.</summary>
    public IReadOnlyList<CartLine> Lines { get; private set; } = [];

    /// <summary>The cart's total.</summary>
    public decimal Total => Lines.Sum(l => l.Total);

    /// <summary>Shows the page.</summary>
    public void OnGet() => Lines = Cart.Read(HttpContext.Session);

    /// <summary>Adds one of a product.</summary>
    public IActionResult OnPostAdd(string? sku) => Change(sku, product => Cart.Add(HttpContext.Session, product));

    /// <summary>Sets a product's quantity (0 removes it).</summary>
    public IActionResult OnPostQuantity(string? sku, int quantity) =>
        quantity is < 0 or > Cart.MaxQuantity
            ? BadRequest($"The quantity is 0 to {Cart.MaxQuantity}.")
            : Change(sku, product => Cart.SetQuantity(HttpContext.Session, product, quantity));

    /// <summary>Removes a product.</summary>
    public IActionResult OnPostRemove(string? sku) => Change(sku, product => Cart.SetQuantity(HttpContext.Session, product, 0));

    /// <summary>Empties the cart.</summary>
    public IActionResult OnPostEmpty()
    {
        Cart.Empty(HttpContext.Session);
        return RedirectToPage();
    }

    private IActionResult Change(string? sku, Action<Product> change)
    {
        if (Catalog.Find(sku) is not { } product)
        {
            return BadRequest("Unknown product.");
        }

        change(product);
        return RedirectToPage();
    }
}
