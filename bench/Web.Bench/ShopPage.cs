using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Sessions.AspNetCore;
using WebFront.Shop;

namespace Web.Bench;

/// <summary>
/// The WebFront's own shop page (<c>/</c>: its Razor page, layout and forms, compiled into WebFront) served by every
/// contender but the bare grain call. Its layout shows the silo hosting the session, a cluster-session feature: ASP.NET
/// Core's session and the in-memory one of the no-session contender answer "unknown" through <see cref="PlainSession"/>.
/// </summary>
internal static class ShopPage
{
    /// <summary>
    /// The products in the cart of an initialised session. Writes change their quantities (never to 0), so every
    /// contender renders the same three cart lines throughout (the no-session one keeps none of its writes).
    /// </summary>
    public static IReadOnlyList<Product> CartProducts { get; } = [.. Catalog.Products.Take(3)];

    /// <summary>The cart an initialised session holds, besides the 1 KB of values of the bench page.</summary>
    public static void FillCart(ISession session)
    {
        foreach (var product in CartProducts)
        {
            Cart.SetQuantity(session, product, 2);
        }
    }

    /// <summary>What the no-session contender shows: <paramref name="values"/> and the cart of an initialised session.</summary>
    public static IReadOnlyDictionary<string, byte[]> Memory(IEnumerable<KeyValuePair<string, byte[]>> values)
    {
        var session = new MemorySession(new Dictionary<string, byte[]>(values));
        FillCart(session);
        return session.Keys.ToDictionary(key => key, key => session.Get(key)!);
    }

    /// <summary>Serves the shop page on <paramref name="app"/>; <paramref name="mode"/> says where its session comes from.</summary>
    public static void Map(WebApplication app, string mode, IReadOnlyDictionary<string, byte[]> memory)
    {
        app.UseWhen(context => context.Request.Path == "/", branch => branch.Use(async (context, next) =>
        {
            var feature = context.Features.Get<ISessionFeature>();
            switch (mode)
            {
                case "redis":
                    // ASP.NET Core's best practice (as on the bench page): load before the page reads, or every first
                    // read loads synchronously, blocking a thread-pool thread on Redis.
                    await feature!.Session.LoadAsync(context.RequestAborted);
                    feature.Session = new PlainSession(feature.Session);
                    break;
                case "none":
                    // The same page without a session: the values come from memory, changes go nowhere.
                    context.Features.Set<ISessionFeature>(new SessionFeature { Session = new PlainSession(new MemorySession(memory)) });
                    break;
            }

            await next(context);
        }));
        app.MapRazorPages();
    }

    /// <summary>A session that is not a cluster session: no user, no known host.</summary>
    private sealed class PlainSession(ISession inner) : IClusterSession
    {
        public string? UserId => null;

        public string? Host => null;

        public long Version => 0;

        public bool IsAvailable => inner.IsAvailable;

        public string Id => inner.Id;

        public IEnumerable<string> Keys => inner.Keys;

        public Task LoadAsync(CancellationToken cancellationToken = default) => inner.LoadAsync(cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value) => inner.TryGetValue(key, out value);

        public void Set(string key, byte[] value) => inner.Set(key, value);

        public void Remove(string key) => inner.Remove(key);

        public void Clear() => inner.Clear();

        public Task RegenerateIdAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task BindUserAsync(string? userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task InvalidateAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<int> LogOutEverywhereAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>The no-session contender's values: a copy of <paramref name="memory"/> per request.</summary>
    private sealed class MemorySession(IReadOnlyDictionary<string, byte[]> memory) : ISession
    {
        private readonly Dictionary<string, byte[]> _values = new(memory);

        public bool IsAvailable => true;

        public string Id => "memory";

        public IEnumerable<string> Keys => _values.Keys;

        public Task LoadAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value) => _values.TryGetValue(key, out value);

        public void Set(string key, byte[] value) => _values[key] = value;

        public void Remove(string key) => _values.Remove(key);

        public void Clear() => _values.Clear();
    }
}
