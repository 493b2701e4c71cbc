using Microsoft.Playwright;
using TestKit;
using WebFront.Tests.Support;
using Xunit.Abstractions;

namespace WebFront.Tests.Browser;

/// <summary>
/// A real browser (Debian's Chromium driven by Playwright) fills a cart on front-end A, continues on B, reloads, and
/// keeps shopping after the silo hosting its session is SIGKILLed: the cart is intact throughout.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CartBrowserTests(WebFrontCluster system, ITestOutputHelper output)
{
    [Fact]
    public async Task A_cart_survives_switching_front_ends_a_reload_and_the_death_of_its_silo()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 760 } });
        page.SetDefaultTimeout(60_000);
        page.SetDefaultNavigationTimeout(60_000);
        Uri a = system.A.Address;
        Uri b = system.B.Address;
        try
        {
            await page.GotoAsync(a.ToString());
            Assert.Equal("front-A", await page.GetByTestId("instance").TextContentAsync());
            await SubmitAsync(page, "add-tea", Cart(("tea", 1)));
            await SubmitAsync(page, "add-tea", Cart(("tea", 2)));
            await SubmitAsync(page, "add-mug", Cart(("tea", 2), ("mug", 1)));

            await page.GotoAsync(b.ToString());
            Assert.Equal("front-B", await page.GetByTestId("instance").TextContentAsync());
            Assert.Equal(Cart(("tea", 2), ("mug", 1)), await CartOfAsync(page));
            await page.GetByTestId("qty-mug").FillAsync("3");
            await SubmitAsync(page, "update-mug", Cart(("tea", 2), ("mug", 3)));

            await page.ReloadAsync();
            Assert.Equal(Cart(("tea", 2), ("mug", 3)), await CartOfAsync(page));

            string silo = (await page.GetByTestId("silo").TextContentAsync())!;
            SiloProcess host = system.SiloHosting(silo);
            await host.KillAsync();
            output.WriteLine($"Killed the silo hosting the session: {silo}");

            await SubmitAsync(page, "add-honey", Cart(("tea", 2), ("mug", 3), ("honey", 1)));
            string newSilo = (await page.GetByTestId("silo").TextContentAsync())!;
            Assert.NotEqual(silo, newSilo);

            await page.GotoAsync(a.ToString());
            Assert.Equal("front-A", await page.GetByTestId("instance").TextContentAsync());
            Assert.Equal(Cart(("tea", 2), ("mug", 3), ("honey", 1)), await CartOfAsync(page));
            Assert.Equal("68.50 €", await page.GetByTestId("cart-total").TextContentAsync());

            string screenshot = Path.Combine(ArtifactsDirectory(), "cart-after-silo-kill.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine($"Screenshot: {screenshot}");
            Assert.True(new FileInfo(screenshot).Length > 0);
        }
        finally
        {
            if (system.Silos.Count(s => !s.HasExited) < 3)
            {
                await system.AddSiloAsync();
            }
        }
    }

    /// <summary>
    /// Clicks a form button, then polls the page (with a deadline) until the post/redirect/get shows the
    /// <paramref name="expected"/> cart, which always differs from the cart before the click.
    /// </summary>
    private static async Task SubmitAsync(IPage page, string testId, Dictionary<string, int> expected)
    {
        await page.GetByTestId(testId).ClickAsync();
        string want = Describe(expected);
        string seen = string.Empty;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    seen = Describe(await CartOfAsync(page));
                }
                catch (PlaywrightException)
                {
                    return false; // the page is between documents
                }

                return seen == want;
            }, $"the cart shows {want} after {testId}", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} The page showed: {seen}.", ex);
        }
    }

    private static string Describe(Dictionary<string, int> cart) =>
        string.Join(", ", cart.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}×{l.Value}"));

    private static async Task<Dictionary<string, int>> CartOfAsync(IPage page)
    {
        var cart = new Dictionary<string, int>();
        foreach (ILocator line in await page.GetByTestId("cart-line").AllAsync())
        {
            cart[(await line.GetAttributeAsync("data-sku"))!] = int.Parse((await line.GetAttributeAsync("data-quantity"))!, System.Globalization.CultureInfo.InvariantCulture);
        }

        return cart;
    }

    private static Dictionary<string, int> Cart(params (string Sku, int Quantity)[] lines) => lines.ToDictionary(l => l.Sku, l => l.Quantity);

    /// <summary>Where test artifacts go: $TEST_ARTIFACTS_DIR, else artifacts/ beside the test assembly.</summary>
    private static string ArtifactsDirectory()
    {
        string directory = Environment.GetEnvironmentVariable("TEST_ARTIFACTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
