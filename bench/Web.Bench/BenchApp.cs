using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orleans.Hosting;
using Sessions;
using Sessions.Client;

namespace Web.Bench;

/// <summary>
/// The app under test: the bench page (<c>/read</c>, <c>/write</c>) over a 1 KB session (8 values of 128 bytes), the
/// WebFront's shop page (<c>/</c>, see <see cref="ShopPage"/>), and <c>/init</c> to create a session. Every mode serves
/// the same pages; only where the session lives differs.
/// </summary>
internal static class BenchApp
{
    public const int Values = 8;
    public const int ValueSize = 128;

    public static async Task<int> ServeAsync(string[] args)
    {
        string mode = BenchSettings.Value(args, "--mode") ?? throw new ArgumentException("--mode cluster|redis|none");
        int port = int.Parse(BenchSettings.Value(args, "--port") ?? "0", CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        switch (mode)
        {
            case "cluster":
                int gateway = int.Parse(BenchSettings.Value(args, "--gateway")!, CultureInfo.InvariantCulture);
                string serviceId = BenchSettings.Value(args, "--service")!;
                builder.UseOrleansClient(client => client.UseLocalhostClustering(gateway, serviceId, serviceId).AddSessionGrainClient());
                builder.Services.AddSession();
                builder.Services.AddClusterSessionStore();
                break;
            case "grain":
                // The floor of any grain-hosted session: the same page calling the session grain itself through the
                // client helper, on a plain cookie holding the id — no session middleware, no cookie protection.
                int grainGateway = int.Parse(BenchSettings.Value(args, "--gateway")!, CultureInfo.InvariantCulture);
                string grainService = BenchSettings.Value(args, "--service")!;
                builder.UseOrleansClient(client => client.UseLocalhostClustering(grainGateway, grainService, grainService).AddSessionGrainClient());
                break;
            case "redis":
                builder.Services.AddStackExchangeRedisCache(o => o.Configuration = BenchSettings.Value(args, "--redis"));
                builder.Services.AddSession();
                break;
            case "none":
                break;
            default:
                throw new ArgumentException($"unknown mode {mode}");
        }

        if (mode != "grain")
        {
            builder.Services.AddRazorPages().AddApplicationPart(typeof(WebFront.Pages.IndexModel).Assembly);
        }

        var app = builder.Build();
        bool withSession = mode is "cluster" or "redis";
        if (withSession)
        {
            app.UseSession();
        }

        if (mode == "grain")
        {
            var grainPage = new GrainPage(app.Services.GetRequiredService<ISessionClient>());
            app.MapGet("/init", (Delegate)grainPage.InitAsync);
            app.MapGet("/read", (HttpContext context) => grainPage.RenderAsync(context, write: false));
            app.MapGet("/write", (HttpContext context) => grainPage.RenderAsync(context, write: true));
            await app.RunAsync();
            return 0;
        }

        var page = new Page(withSession);
        ShopPage.Map(app, mode, page.Memory);
        app.MapGet("/init", (Delegate)page.InitAsync);
        app.MapGet("/read", (HttpContext context) => page.RenderAsync(context, write: false));
        app.MapGet("/write", (HttpContext context) => page.RenderAsync(context, write: true));
        app.MapPut("/key/{key}", page.SetKeyAsync);
        app.MapGet("/keys", (Delegate)page.KeysAsync);
        await app.RunAsync();
        return 0;
    }

    /// <summary>The page. Without a session it renders the same values from memory (and its writes go nowhere).</summary>
    private sealed class Page(bool withSession)
    {
        /// <summary>The session values of the no-session contender.</summary>
        public IReadOnlyDictionary<string, byte[]> Memory { get; } =
            ShopPage.Memory(Enumerable.Range(0, Values).Select(i => KeyValuePair.Create($"k{i}", NewValue())));

        public async Task<IResult> InitAsync(HttpContext context)
        {
            if (withSession)
            {
                await context.Session.LoadAsync();
                for (int i = 0; i < Values; i++)
                {
                    context.Session.Set($"k{i}", NewValue());
                }

                ShopPage.FillCart(context.Session);
            }

            return Results.Text("ok");
        }

        public async Task RenderAsync(HttpContext context, bool write)
        {
            // Best practice for ASP.NET Core's session (no synchronous load); a no-op for ours (already loaded).
            if (withSession)
            {
                await context.Session.LoadAsync();
            }

            string html = Render(key => withSession ? context.Session.Get(key) : Memory[key]);
            if (write)
            {
                byte[] value = NewValue();
                if (withSession)
                {
                    context.Session.Set($"k{RandomNumberGenerator.GetInt32(Values)}", value);
                }
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html);
        }

        // For the lost-update demonstration: one key per request.
        public async Task<IResult> SetKeyAsync(string key, HttpContext context)
        {
            await context.Session.LoadAsync();
            context.Session.SetString(key, "1");
            return Results.NoContent();
        }

        public async Task<IResult> KeysAsync(HttpContext context)
        {
            await context.Session.LoadAsync();
            return Results.Text(context.Session.Keys.Count().ToString(CultureInfo.InvariantCulture));
        }

    }

    /// <summary>The same page on the session grain itself: load at the start, commit the one changed value.</summary>
    private sealed class GrainPage(ISessionClient sessions)
    {
        public async Task<IResult> InitAsync(HttpContext context)
        {
            string id = SessionIds.Create();
            var values = Enumerable.Range(0, Values).ToDictionary(i => $"k{i}", _ => NewValue());
            await sessions.CommitAsync(id, new SessionCommit { Set = values }, context.RequestAborted);
            context.Response.Cookies.Append(BenchSystem.CookieName, id);
            return Results.Text("ok");
        }

        public async Task RenderAsync(HttpContext context, bool write)
        {
            string? id = context.Request.Cookies[BenchSystem.CookieName];
            SessionSnapshot? snapshot = SessionIds.IsWellFormed(id) ? await sessions.LoadAsync(id!, context.RequestAborted) : null;
            string html = Render(key => snapshot?.Values.GetValueOrDefault(key));
            if (write && snapshot is not null)
            {
                var commit = new SessionCommit { Set = new Dictionary<string, byte[]> { [$"k{RandomNumberGenerator.GetInt32(Values)}"] = NewValue() } };
                await sessions.CommitAsync(id!, commit, context.RequestAborted);
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html);
        }
    }

    private static string Render(Func<string, byte[]?> valueOf)
    {
        var html = new StringBuilder("<html><body><ul>", 1024);
        int total = 0;
        for (int i = 0; i < Values; i++)
        {
            byte[]? value = valueOf($"k{i}");
            total += value?.Length ?? 0;
            html.Append("<li>k").Append(i).Append(": ").Append(value is null ? "-" : Convert.ToHexString(value, 0, 8)).Append("</li>");
        }

        return html.Append("</ul><p>").Append(total).Append(" bytes</p></body></html>").ToString();
    }

    private static byte[] NewValue() => RandomNumberGenerator.GetBytes(ValueSize);
}
