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
            await SubmitAsync(page, "add-tea");
            await SubmitAsync(page, "add-tea");
            await SubmitAsync(page, "add-mug");
            Assert.Equal(Cart(("tea", 2), ("mug", 1)), await CartOfAsync(page));

            await page.GotoAsync(b.ToString());
            Assert.Equal("front-B", await page.GetByTestId("instance").TextContentAsync());
            Assert.Equal(Cart(("tea", 2), ("mug", 1)), await CartOfAsync(page));
            await page.GetByTestId("qty-mug").FillAsync("3");
            await SubmitAsync(page, "update-mug");
            Assert.Equal(Cart(("tea", 2), ("mug", 3)), await CartOfAsync(page));

            await page.ReloadAsync();
            Assert.Equal(Cart(("tea", 2), ("mug", 3)), await CartOfAsync(page));

            string silo = (await page.GetByTestId("silo").TextContentAsync())!;
            SiloProcess host = system.SiloHosting(silo);
            await host.KillAsync();
            output.WriteLine($"Killed the silo hosting the session: {silo}");

            await SubmitAsync(page, "add-honey");
            Assert.Equal(Cart(("tea", 2), ("mug", 3), ("honey", 1)), await CartOfAsync(page));
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

    /// <summary>Clicks a form button and waits for the post/redirect/get to land (the page of the redirected GET is loaded).</summary>
    private static async Task SubmitAsync(IPage page, string testId)
    {
        await page.RunAndWaitForResponseAsync(
            () => page.GetByTestId(testId).ClickAsync(),
            response => response.Request.Method == "GET" && response.Request.IsNavigationRequest);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

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
