using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sessions.AspNetCore.Store;
using Sessions.Client;

namespace Sessions.AspNetCore.Tests.Support;

/// <summary>
/// A small ASP.NET Core app on real Kestrel (127.0.0.1, dynamic ports; HTTPS too when asked) that uses the session
/// exactly as an app would: <c>AddSession</c> + <c>AddClusterSessionStore</c> + <c>UseSession</c>, against real silos.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private TestApp(WebApplication app, Uri http, Uri? https)
    {
        _app = app;
        Http = http;
        Https = https;
    }

    public Uri Http { get; }

    public Uri? Https { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        SessionSilos silos,
        Action<ClusterSessionOptions>? configureStore = null,
        Action<SessionOptions>? configureSession = null,
        bool https = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            if (https)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(SelfSignedCertificate.Value));
            }
        });
        builder.Services.AddSingleton(silos.Client);
        builder.Services.AddSingleton<IGrainFactory>(silos.Client);
        builder.Services.AddSession(o =>
        {
            o.Cookie.IsEssential = true;
            configureSession?.Invoke(o);
        });
        builder.Services.AddClusterSessionStore(o => configureStore?.Invoke(o));

        var app = builder.Build();
        app.UseSession();
        MapEndpoints(app);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return new TestApp(app, addresses.First(a => a.Scheme == "http"), addresses.FirstOrDefault(a => a.Scheme == "https"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>An HTTP client that accepts the app's self-signed certificate; cookies are handled by <see cref="CookieSession"/>.</summary>
    public static HttpClient NewHttpClient() => new(new HttpClientHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == SelfSignedCertificate.Value.Thumbprint,
    });

    private static void MapEndpoints(WebApplication app)
    {
        // Everything the session holds, as the front-end sees it, plus the grain key so a test can look under it.
        app.MapGet("/s", (HttpContext context) =>
        {
            var session = (ClusterSession)context.Session;
            return Results.Json(new SessionView(
                session.IsAvailable,
                session.Keys.Order(StringComparer.Ordinal).ToDictionary(k => k, k => context.Session.GetString(k)),
                session.Id,
                session.GrainKey,
                session.Version,
                session.UserId,
                session.Host));
        });
        app.MapGet("/read/{key}", (string key, HttpContext context) =>
            context.Session.GetString(key) is { } value ? Results.Text(value) : Results.NotFound());
        app.MapPut("/s/{key}", async (string key, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            context.Session.SetString(key, await reader.ReadToEndAsync());
            return Results.NoContent();
        });
        app.MapPut("/bytes/{key}/{length:int}", (string key, int length, HttpContext context) =>
        {
            context.Session.Set(key, new byte[length]);
            return Results.Text("stored");
        });
        app.MapDelete("/s/{key}", (string key, HttpContext context) =>
        {
            context.Session.Remove(key);
            return Results.NoContent();
        });
        app.MapPost("/clear", (HttpContext context) =>
        {
            context.Session.Clear();
            return Results.NoContent();
        });

        // A parallel writer changes 'a' through the grain while this request runs; then this request sets 'b'.
        app.MapPost("/race", async (HttpContext context, ISessionClient sessions) =>
        {
            var session = (ClusterSession)context.Session;
            string seen = context.Session.GetString("a") ?? "(none)";
            await sessions.CommitAsync(session.GrainKey, new SessionCommit { Set = new Dictionary<string, byte[]> { ["a"] = Encoding.UTF8.GetBytes("parallel") } });
            context.Session.SetString("b", "mine");
            return Results.Text(seen);
        });

        // Matches the default ignore pattern (a .css path).
        app.MapGet("/assets/site.css", (HttpContext context) =>
        {
            string outcome;
            try
            {
                context.Session.SetString("from-static", "x");
                outcome = "written";
            }
            catch (InvalidOperationException)
            {
                outcome = "refused";
            }

            return Results.Text($"available={context.Session.IsAvailable};keys={context.Session.Keys.Count()};write={outcome}", "text/css");
        });

        app.MapPost("/regenerate", async (HttpContext context, CancellationToken cancellationToken) =>
        {
            string before = context.Session.Id;
            await context.Session.RegenerateIdAsync(cancellationToken);
            return Results.Json(new[] { before, context.Session.Id });
        });
        app.MapPost("/bind/{user}", async (string user, HttpContext context) =>
        {
            await context.Session.BindUserAsync(user);
            return Results.NoContent();
        });
        app.MapPost("/invalidate", async (HttpContext context) =>
        {
            await context.Session.InvalidateAsync();
            return Results.NoContent();
        });
        app.MapPut("/gated/{gate}/{key}", async (string gate, string key, HttpContext context) =>
        {
            // A slow request of the same browser: it has loaded the session, and writes only once the test opens the gate.
            _ = context.Session.Keys.Count();
            RequestGates.Entered(gate);
            await RequestGates.WaitOpenAsync(gate);
            context.Session.SetString(key, "late");
            return Results.NoContent();
        });
        app.MapPost("/logout-everywhere", async (HttpContext context, CancellationToken cancellationToken) =>
            Results.Text((await context.Session.LogOutEverywhereAsync(cancellationToken)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static readonly Lazy<X509Certificate2> SelfSignedCertificate = new(() =>
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    });
}

/// <summary>What <c>GET /s</c> returns.</summary>
public sealed record SessionView(bool Available, Dictionary<string, string?> Values, string Id, string GrainKey, long Version, string? UserId, string? Host);

/// <summary>Holds a <c>/gated/{gate}/…</c> request in the middle until the test opens its gate.</summary>
public static class RequestGates
{
    private static readonly ConcurrentDictionary<string, (TaskCompletionSource Entered, TaskCompletionSource Open)> Gates = new();

    public static void Entered(string gate) => Get(gate).Entered.TrySetResult();

    public static Task WaitEnteredAsync(string gate) => Get(gate).Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public static Task WaitOpenAsync(string gate) => Get(gate).Open.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public static void Open(string gate) => Get(gate).Open.TrySetResult();

    private static (TaskCompletionSource Entered, TaskCompletionSource Open) Get(string gate) =>
        Gates.GetOrAdd(gate, _ => (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)));
}
