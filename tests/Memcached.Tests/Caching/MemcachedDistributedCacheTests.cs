using System.Globalization;
using System.Reflection;
using System.Text;
using Memcached.Caching;
using Memcached.Tests.Support;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TestKit;

namespace Memcached.Tests.Caching;

/// <summary><see cref="MemcachedDistributedCache"/> against a real memcached.</summary>
public sealed class MemcachedDistributedCacheTests(MemcachedFixture fixture) : IClassFixture<MemcachedFixture>, IAsyncLifetime
{
    private const string Prefix = "cache:";
    private MemcachedClient _client = null!;
    private MemcachedDistributedCache _cache = null!;

    public Task InitializeAsync()
    {
        _client = TestClients.Create(fixture.Server.EndPoint);
        _cache = Create(TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Set_get_and_remove_round_trip()
    {
        var key = TestClients.Key();
        await _cache.SetAsync(key, "value"u8.ToArray(), new DistributedCacheEntryOptions());
        var read = await _cache.GetAsync(key);
        await _cache.RemoveAsync(key);

        Assert.Equal("value"u8.ToArray(), read);
        Assert.Null(await _cache.GetAsync(key));
        Assert.Null(_cache.Get(TestClients.Key()));
    }

    [Fact]
    public async Task Absolute_expiration_relative_to_now_expires_the_entry()
    {
        var key = TestClients.Key();
        await _cache.SetAsync(key, "v"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(1) });

        await Poll.UntilAsync(async () => await _cache.GetAsync(key) is null, "the entry expired");
    }

    [Fact]
    public async Task A_read_renews_the_sliding_window_with_a_touch_and_keeps_the_value()
    {
        var key = TestClients.Key();
        await _cache.SetAsync(key, "v"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(100) });
        var casBefore = await CasOf(key);
        await _client.TouchAsync(Prefix + key, TimeSpan.FromSeconds(5)); // as if 95 s had passed

        Assert.Equal("v"u8.ToArray(), await _cache.GetAsync(key));
        await Poll.UntilAsync(async () => await RemainingTtl(key) > TimeSpan.FromSeconds(90), "the read renewed the TTL");
        Assert.Equal(casBefore, await CasOf(key)); // touched, not rewritten
    }

    [Fact]
    public async Task Sliding_renewal_never_goes_past_the_absolute_expiration()
    {
        var key = TestClients.Key();
        await _cache.SetAsync(key, "v"u8.ToArray(), new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromSeconds(100),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(20),
        });
        Assert.InRange((await RemainingTtl(key))!.Value, TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(20));

        await _client.TouchAsync(Prefix + key, TimeSpan.FromSeconds(3));
        await _cache.RefreshAsync(key);

        Assert.InRange((await RemainingTtl(key))!.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Refresh_renews_sliding_entries_and_leaves_absolute_only_entries_alone()
    {
        var sliding = TestClients.Key();
        var absolute = TestClients.Key();
        await _cache.SetAsync(sliding, "v"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(100) });
        await _cache.SetAsync(absolute, "v"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(100) });
        await _client.TouchAsync(Prefix + sliding, TimeSpan.FromSeconds(5));
        await _client.TouchAsync(Prefix + absolute, TimeSpan.FromSeconds(5));

        await _cache.RefreshAsync(sliding);
        await _cache.RefreshAsync(absolute);
        _cache.Refresh(TestClients.Key()); // a missing entry is fine

        Assert.InRange((await RemainingTtl(sliding))!.Value, TimeSpan.FromSeconds(98), TimeSpan.FromSeconds(100));
        Assert.InRange((await RemainingTtl(absolute))!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_read_then_a_refresh_touch_the_entry_once()
    {
        var key = TestClients.Key();
        await _cache.SetAsync(key, "v"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(100) });
        await _client.TouchAsync(Prefix + key, TimeSpan.FromSeconds(5)); // as if 95 s had passed
        var touches = await TouchCommands();

        Assert.Equal("v"u8.ToArray(), await _cache.GetAsync(key)); // as ASP.NET Core's session loads at the start of a request
        await Poll.UntilAsync(async () => await RemainingTtl(key) > TimeSpan.FromSeconds(90), "the read renewed the TTL");
        await _cache.RefreshAsync(key); // and refreshes at its end

        Assert.Equal(touches + 1, await TouchCommands());
    }

    [Fact]
    public async Task Refresh_touches_once_a_renewal_is_more_than_a_moment_old()
    {
        var shortWindow = TestClients.Key();
        var longWindow = TestClients.Key();
        await _cache.SetAsync(shortWindow, "v"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(5) });
        await Poll.UntilAsync(async () => await RemainingTtl(shortWindow) < TimeSpan.FromSeconds(5), "memcached's clock ticked");
        await _cache.SetAsync(longWindow, "v"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(100) });
        var touches = await TouchCommands();

        await _cache.RefreshAsync(longWindow); // written a moment ago
        Assert.Equal(touches, await TouchCommands());

        await _cache.RefreshAsync(shortWindow); // a second of a 5 s window is more than a moment
        Assert.Equal(touches + 1, await TouchCommands());
        Assert.InRange((await RemainingTtl(shortWindow))!.Value, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_entry_past_its_absolute_expiration_reads_as_missing_even_if_memcached_still_has_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = Create(time);
        var key = TestClients.Key();
        await cache.SetAsync(key, "v"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });

        time.Advance(TimeSpan.FromMinutes(11));

        Assert.Null(await cache.GetAsync(key));
        Assert.NotNull(await _cache.GetAsync(key)); // the real clock says it is still valid
    }

    [Fact]
    public async Task A_value_not_written_by_the_cache_reads_as_missing()
    {
        var key = TestClients.Key();
        await _client.SetAsync(Prefix + key, "foreign value"u8.ToArray());

        Assert.Null(await _cache.GetAsync(key));
    }

    [Fact]
    public async Task Expiration_in_the_past_is_rejected()
    {
        var options = new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _cache.SetAsync(TestClients.Key(), [1], options));
    }

    [Fact]
    public async Task Keys_longer_than_memcached_allows_are_stored_under_a_hash()
    {
        var key = new string('k', 1000) + Guid.NewGuid();
        var other = new string('k', 1000) + Guid.NewGuid();
        await _cache.SetAsync(key, "long"u8.ToArray(), new DistributedCacheEntryOptions());

        Assert.Equal("long"u8.ToArray(), await _cache.GetAsync(key));
        Assert.Null(await _cache.GetAsync(other));
    }

    [Fact]
    public async Task An_entry_expiring_after_2038_is_cached()
    {
        var key = TestClients.Key();
        await _cache.SetAsync(key, "v"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpiration = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal("v"u8.ToArray(), await _cache.GetAsync(key));
    }

    [Fact]
    public async Task Long_keys_with_an_unpaired_surrogate_are_rejected_not_hashed_into_another_keys_entry()
    {
        var key = new string('k', 1000) + Guid.NewGuid();
        await Assert.ThrowsAsync<ArgumentException>(() => _cache.SetAsync(key + "\uD800", "first"u8.ToArray(), new DistributedCacheEntryOptions()));
        await Assert.ThrowsAsync<ArgumentException>(() => _cache.GetAsync(key + "\uDBFF"));
    }

    [Fact]
    public async Task A_key_prefix_too_long_for_a_hashed_key_is_rejected_at_start()
    {
        var longest = new string('p', MemcachedDistributedCacheOptions.MaxKeyPrefixBytes);
        var cache = new MemcachedDistributedCache(_client, Options.Create(new MemcachedDistributedCacheOptions { KeyPrefix = longest }));
        var key = new string('k', 1000) + Guid.NewGuid();
        await cache.SetAsync(key, "v"u8.ToArray(), new DistributedCacheEntryOptions());
        Assert.Equal("v"u8.ToArray(), await cache.GetAsync(key));

        Assert.Throws<ArgumentException>(() => new MemcachedDistributedCache(_client, Options.Create(new MemcachedDistributedCacheOptions { KeyPrefix = longest + "p" })));
        var services = new ServiceCollection();
        services.AddSingleton<IMemcachedClient>(_client);
        services.AddMemcachedDistributedCache(o => o.KeyPrefix = longest + "p");
        await using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MemcachedDistributedCacheOptions>>().Value);
        Assert.Contains("KeyPrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewal_after_a_read_does_not_give_a_newer_entry_the_old_entrys_ttl()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create(server.EndPoint);
        var gate = DispatchProxy.Create<IMemcachedClient, TouchGate>();
        var g = (TouchGate)(object)gate;
        g.Inner = client;
        var cache = new MemcachedDistributedCache(gate, Options.Create(new MemcachedDistributedCacheOptions()));
        var key = TestClients.Key();

        await cache.SetAsync(key, "old"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(20) });
        await client.TouchAsync(key, TimeSpan.FromSeconds(100)); // part of the window has elapsed: the next read renews it
        Assert.Equal("old"u8.ToArray(), await cache.GetAsync(key));
        await g.Requested.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the renewal of the old entry is on its way

        await cache.SetAsync(key, "new"u8.ToArray(), new DistributedCacheEntryOptions()); // a new entry: never expires
        g.Release.SetResult();
        await g.Touched!.WaitAsync(TimeSpan.FromSeconds(10));

        // The renewal finishes in the background (a second touch puts the new entry's own lifetime back).
        await Poll.UntilAsync(async () =>
        {
            using var meta = await client.GetMetadataAsync(key);
            return meta.IsHit && meta.RemainingTtl is null;
        }, "the new entry, set to never expire, keeps no TTL", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _cache.GetAsync("x", cancelled.Token));
    }

    [Fact]
    public async Task Registered_through_di_it_replaces_the_distributed_cache()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Memcached:Servers:0"] = fixture.Server.EndPoint })
            .Build();
        var services = new ServiceCollection();
        services.AddDistributedMemoryCache();
        services.AddMemcachedDistributedCache(configuration, o => o.KeyPrefix = "di:");
        await using var provider = services.BuildServiceProvider();

        var cache = provider.GetRequiredService<IDistributedCache>();
        var key = TestClients.Key();
        await cache.SetStringAsync(key, "through di");

        Assert.IsType<MemcachedDistributedCache>(cache);
        using var raw = await _client.GetAsync("di:" + key);
        Assert.True(raw.IsHit);
        Assert.Equal("through di", await cache.GetStringAsync(key));
    }

    private MemcachedDistributedCache Create(TimeProvider time) =>
        new(_client, Options.Create(new MemcachedDistributedCacheOptions { KeyPrefix = Prefix }), time);

    private async Task<TimeSpan?> RemainingTtl(string key)
    {
        using var item = await _client.GetAsync(Prefix + key);
        return item.RemainingTtl;
    }

    private async Task<long> TouchCommands()
    {
        var stats = await _client.GetStatsAsync();
        return long.Parse(stats.Values.Single()["cmd_touch"], CultureInfo.InvariantCulture);
    }

    private async Task<ulong> CasOf(string key)
    {
        using var item = await _client.GetAsync(Prefix + key);
        return item.Cas;
    }

    /// <summary>Forwards every call to a real client, but holds <see cref="IMemcachedClient.TouchAsync"/> until released.</summary>
    public class TouchGate : DispatchProxy
    {
        public IMemcachedClient Inner = null!;
        public readonly TaskCompletionSource Requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task? Touched;

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IMemcachedClient.TouchAsync) && Touched is null)
            {
                var task = HeldTouchAsync((string)args![0]!, (TimeSpan)args[1]!);
                Touched = task;
                return new ValueTask<MemcachedResult>(task);
            }

            if (method.Name == nameof(IMemcachedClient.GetMetadataAsync) && args![1] is TimeSpan touchTtl && Touched is null)
            {
                var task = HeldTouchMetaAsync((string)args[0]!, touchTtl);
                Touched = task;
                return new ValueTask<GetResult>(task);
            }

            return method.Invoke(Inner, args);
        }

        private async Task<MemcachedResult> HeldTouchAsync(string key, TimeSpan ttl)
        {
            Requested.TrySetResult();
            await Release.Task;
            return await Inner.TouchAsync(key, ttl);
        }

        private async Task<GetResult> HeldTouchMetaAsync(string key, TimeSpan ttl)
        {
            Requested.TrySetResult();
            await Release.Task;
            return await Inner.GetMetadataAsync(key, ttl);
        }
    }
}
