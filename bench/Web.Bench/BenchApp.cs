using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orleans.Hosting;

namespace Web.Bench;

/// <summary>
/// The app under test: one page (<c>/read</c>, <c>/write</c>) over a 1 KB session (8 values of 128 bytes), and
/// <c>/init</c> to create a session. Every mode serves the same page; only where the session lives differs.
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
            case "redis":
                builder.Services.AddStackExchangeRedisCache(o => o.Configuration = BenchSettings.Value(args, "--redis"));
                builder.Services.AddSession();
                break;
            case "none":
                break;
            default:
                throw new ArgumentException($"unknown mode {mode}");
        }

        var app = builder.Build();
        bool withSession = mode != "none";
        if (withSession)
        {
            app.UseSession();
        }

        var page = new Page(withSession);
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
        private readonly Dictionary<string, byte[]> _memory = Enumerable.Range(0, Values).ToDictionary(i => $"k{i}", _ => NewValue());

        public async Task<IResult> InitAsync(HttpContext context)
        {
            if (withSession)
            {
                await context.Session.LoadAsync();
                for (int i = 0; i < Values; i++)
                {
                    context.Session.Set($"k{i}", NewValue());
                }
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

            var html = new StringBuilder("<html><body><ul>", 1024);
            int total = 0;
            for (int i = 0; i < Values; i++)
            {
                byte[]? value = withSession ? context.Session.Get($"k{i}") : _memory[$"k{i}"];
                total += value?.Length ?? 0;
                html.Append("<li>k").Append(i).Append(": ").Append(value is null ? "-" : Convert.ToHexString(value, 0, 8)).Append("</li>");
            }

            if (write)
            {
                byte[] value = NewValue();
                if (withSession)
                {
                    context.Session.Set($"k{RandomNumberGenerator.GetInt32(Values)}", value);
                }
            }

            html.Append("</ul><p>").Append(total).Append(" bytes</p></body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html.ToString());
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

        private static byte[] NewValue() => RandomNumberGenerator.GetBytes(ValueSize);
    }
}
