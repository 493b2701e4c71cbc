using System.Text;
using Memcached.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using TestKit;

namespace Memcached.Tests.Integration;

/// <summary>Every operation against a real memcached.</summary>
public sealed class OperationsTests(MemcachedFixture fixture) : IClassFixture<MemcachedFixture>, IAsyncLifetime
{
    private MemcachedClient _client = null!;

    public Task InitializeAsync()
    {
        _client = TestClients.Create(fixture.Server.EndPoint);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Set_then_get_returns_value_flags_cas_and_ttl()
    {
        var key = TestClients.Key();
        var stored = await _client.SetAsync(key, "hello"u8.ToArray(), TimeSpan.FromMinutes(5), flags: 42);

        using var hit = await _client.GetAsync(key);
        Assert.Equal(MemcachedStatus.Stored, stored.Status);
        Assert.NotEqual(0UL, stored.Cas);
        Assert.Equal(MemcachedStatus.Hit, hit.Status);
        Assert.Equal("hello", Encoding.UTF8.GetString(hit.Value.Span));
        Assert.Equal(42U, hit.Flags);
        Assert.Equal(stored.Cas, hit.Cas);
        Assert.InRange(hit.RemainingTtl!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Get_of_missing_key_is_a_miss_and_item_without_ttl_has_no_remaining_ttl()
    {
        var key = TestClients.Key();
        using var miss = await _client.GetAsync(key);
        await _client.SetAsync(key, "v"u8.ToArray());
        using var hit = await _client.GetAsync(key);

        Assert.Equal(MemcachedStatus.Miss, miss.Status);
        Assert.True(miss.Value.IsEmpty);
        Assert.Null(hit.RemainingTtl);
    }

    [Fact]
    public async Task Compare_and_set_succeeds_with_current_cas_and_reports_exists_with_stale_cas()
    {
        var key = TestClients.Key();
        var first = await _client.SetAsync(key, "v1"u8.ToArray());
        var second = await _client.CompareAndSetAsync(key, "v2"u8.ToArray(), first.Cas);
        var stale = await _client.CompareAndSetAsync(key, "v3"u8.ToArray(), first.Cas);
        var missing = await _client.CompareAndSetAsync(TestClients.Key(), "v"u8.ToArray(), first.Cas);

        using var current = await _client.GetAsync(key);
        Assert.Equal(MemcachedStatus.Stored, second.Status);
        Assert.NotEqual(first.Cas, second.Cas);
        Assert.Equal(MemcachedStatus.Exists, stale.Status);
        Assert.Equal(MemcachedStatus.NotFound, missing.Status);
        Assert.Equal("v2", Encoding.UTF8.GetString(current.Value.Span));
        Assert.Equal(second.Cas, current.Cas);
    }

    [Fact]
    public async Task Add_on_existing_and_replace_on_missing_are_not_stored()
    {
        var key = TestClients.Key();
        var added = await _client.AddAsync(key, "first"u8.ToArray());
        var addedAgain = await _client.AddAsync(key, "second"u8.ToArray());
        var replacedMissing = await _client.ReplaceAsync(TestClients.Key(), "x"u8.ToArray());
        var replaced = await _client.ReplaceAsync(key, "third"u8.ToArray());

        using var current = await _client.GetAsync(key);
        Assert.Equal(MemcachedStatus.Stored, added.Status);
        Assert.Equal(MemcachedStatus.NotStored, addedAgain.Status);
        Assert.Equal(MemcachedStatus.NotStored, replacedMissing.Status);
        Assert.Equal(MemcachedStatus.Stored, replaced.Status);
        Assert.Equal("third", Encoding.UTF8.GetString(current.Value.Span));
    }

    [Fact]
    public async Task Append_and_prepend_extend_existing_items_only()
    {
        var key = TestClients.Key();
        await _client.SetAsync(key, "middle"u8.ToArray(), flags: 7);
        await _client.AppendAsync(key, ">"u8.ToArray());
        await _client.PrependAsync(key, "<"u8.ToArray());
        var appendMissing = await _client.AppendAsync(TestClients.Key(), "x"u8.ToArray());

        using var current = await _client.GetAsync(key);
        Assert.Equal("<middle>", Encoding.UTF8.GetString(current.Value.Span));
        Assert.Equal(7U, current.Flags);
        Assert.Equal(MemcachedStatus.NotStored, appendMissing.Status);
    }

    [Fact]
    public async Task Delete_removes_and_honours_cas()
    {
        var key = TestClients.Key();
        var stored = await _client.SetAsync(key, "v"u8.ToArray());
        var staleDelete = await _client.DeleteAsync(key, cas: stored.Cas + 1000);
        var deleted = await _client.DeleteAsync(key, cas: stored.Cas);
        var again = await _client.DeleteAsync(key);

        using var after = await _client.GetAsync(key);
        Assert.Equal(MemcachedStatus.Exists, staleDelete.Status);
        Assert.Equal(MemcachedStatus.Deleted, deleted.Status);
        Assert.Equal(MemcachedStatus.NotFound, again.Status);
        Assert.Equal(MemcachedStatus.Miss, after.Status);
    }

    [Fact]
    public async Task Items_expire_after_their_ttl()
    {
        var key = TestClients.Key();
        await _client.SetAsync(key, "v"u8.ToArray(), TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(async () => { using var r = await _client.GetAsync(key); return !r.IsHit; }, "the item expired");
    }

    [Fact]
    public async Task Touch_changes_the_ttl_without_transferring_the_value()
    {
        var key = TestClients.Key();
        await _client.SetAsync(key, "v"u8.ToArray(), TimeSpan.FromSeconds(2));
        var touched = await _client.TouchAsync(key, TimeSpan.FromHours(1));
        var touchedMissing = await _client.TouchAsync(TestClients.Key(), TimeSpan.FromHours(1));

        using var hit = await _client.GetAsync(key);
        Assert.Equal(MemcachedStatus.Hit, touched.Status);
        Assert.Equal(MemcachedStatus.NotFound, touchedMissing.Status);
        Assert.InRange(hit.RemainingTtl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Get_and_touch_returns_the_value_and_sets_the_ttl()
    {
        var key = TestClients.Key();
        await _client.SetAsync(key, "v"u8.ToArray(), TimeSpan.FromSeconds(30));

        using var first = await _client.GetAndTouchAsync(key, TimeSpan.FromHours(2));
        using var second = await _client.GetAsync(key);
        Assert.Equal("v", Encoding.UTF8.GetString(first.Value.Span));
        Assert.InRange(second.RemainingTtl!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task Get_metadata_returns_cas_flags_and_ttl_without_the_value_and_can_touch()
    {
        var key = TestClients.Key();
        var stored = await _client.SetAsync(key, "value"u8.ToArray(), TimeSpan.FromSeconds(30), flags: 7);

        using var plain = await _client.GetMetadataAsync(key);
        using var touched = await _client.GetMetadataAsync(key, TimeSpan.FromHours(2));
        using var missing = await _client.GetMetadataAsync(TestClients.Key(), TimeSpan.FromHours(2));
        using var after = await _client.GetAsync(key);

        Assert.Equal(MemcachedStatus.Hit, plain.Status);
        Assert.True(plain.Value.IsEmpty);
        Assert.Equal(7U, plain.Flags);
        Assert.Equal(stored.Cas, plain.Cas);
        Assert.InRange(plain.RemainingTtl!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.True(touched.Value.IsEmpty);
        Assert.Equal(7U, touched.Flags);
        Assert.InRange(touched.RemainingTtl!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)); // memcached reports the TTL the touch replaced
        Assert.Equal(stored.Cas, after.Cas);
        Assert.Equal("value", Encoding.UTF8.GetString(after.Value.Span));
        Assert.InRange(after.RemainingTtl!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
        Assert.Equal(MemcachedStatus.Miss, missing.Status);
    }

    [Fact]
    public async Task Ttl_over_thirty_days_is_sent_as_an_absolute_time()
    {
        var key = TestClients.Key();
        await _client.SetAsync(key, "v"u8.ToArray(), TimeSpan.FromDays(45));

        using var hit = await _client.GetAsync(key);
        Assert.True(hit.IsHit);
        // memcached converts absolute times with a clock it updates once a second: allow a few seconds either way.
        Assert.InRange(hit.RemainingTtl!.Value, TimeSpan.FromDays(45) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(45) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_ttl_reaching_past_2038_is_capped_there_and_keeps_the_item()
    {
        // memcached's clock is 32 bits: an absolute time after January 2038 would read as past and drop the item at once.
        var key = TestClients.Key();
        var stored = await _client.SetAsync(key, "v"u8.ToArray(), TimeSpan.FromDays(365 * 20));

        using var hit = await _client.GetAsync(key);
        Assert.Equal(MemcachedStatus.Stored, stored.Status);
        Assert.True(hit.IsHit);
        Assert.InRange(hit.RemainingTtl!.Value, DateTimeOffset.FromUnixTimeSeconds(int.MaxValue) - DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1), DateTimeOffset.FromUnixTimeSeconds(int.MaxValue) - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Increment_and_decrement_counters()
    {
        var key = TestClients.Key();
        var missing = await _client.IncrementAsync(key);
        var created = await _client.IncrementAsync(key, 5, initial: 100);
        var incremented = await _client.IncrementAsync(key, 5);
        var decremented = await _client.DecrementAsync(key, 3);
        var floored = await _client.DecrementAsync(key, 1000);

        Assert.Equal(MemcachedStatus.NotFound, missing.Status);
        Assert.Equal(new CounterResult(MemcachedStatus.Hit, 100), created);
        Assert.Equal(105UL, incremented.Value);
        Assert.Equal(102UL, decremented.Value);
        Assert.Equal(0UL, floored.Value);
    }

    [Fact]
    public async Task Increment_of_a_non_numeric_value_is_a_client_error()
    {
        var key = TestClients.Key();
        await _client.SetAsync(key, "abc"u8.ToArray());

        var error = await Assert.ThrowsAsync<MemcachedException>(() => _client.IncrementAsync(key).AsTask());
        Assert.Equal(MemcachedErrorKind.ClientError, error.Kind);
        Assert.Equal(fixture.Server.EndPoint, error.Node);
    }

    [Theory]
    [InlineData("line\r\nbreak\r\n")]
    [InlineData("\r\n")]
    [InlineData("VA 3 c1\r\nEN\r\nMN\r\n")]
    public async Task Binary_values_with_protocol_text_inside_round_trip(string text)
    {
        var key = TestClients.Key();
        var value = Encoding.UTF8.GetBytes(text);
        await _client.SetAsync(key, value);

        using var hit = await _client.GetAsync(key);
        Assert.Equal(value, hit.ToArray());
    }

    [Fact]
    public async Task All_byte_values_empty_and_one_byte_values_round_trip()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        foreach (var value in new[] { all, [], [0x0A] })
        {
            var key = TestClients.Key();
            await _client.SetAsync(key, value);
            using var hit = await _client.GetAsync(key);
            Assert.Equal(value, hit.ToArray());
        }
    }

    [Fact]
    public async Task Near_item_limit_value_round_trips_and_too_large_value_fails_clearly_without_breaking_the_connection()
    {
        var key = TestClients.Key();
        var large = new byte[1024 * 1024 - 1024];
        Random.Shared.NextBytes(large);
        await _client.SetAsync(key, large);
        using (var hit = await _client.GetAsync(key))
        {
            Assert.Equal(large, hit.ToArray());
        }

        var error = await Assert.ThrowsAsync<MemcachedException>(() => _client.SetAsync(TestClients.Key(), new byte[2 * 1024 * 1024]).AsTask());
        var after = await _client.SetAsync(key, "still works"u8.ToArray());

        Assert.Equal(MemcachedErrorKind.TooLarge, error.Kind);
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
        Assert.Equal(MemcachedStatus.Stored, after.Status);
    }

    [Theory]
    [InlineData("ключ")]
    [InlineData("key with spaces")]
    [InlineData("emoji-🎉-key")]
    [InlineData("line\r\nbreak")]
    [InlineData("mg injected v\r\nms other 1")]
    public async Task Keys_that_are_not_plain_ascii_are_stored_under_exactly_that_key(string key)
    {
        var unique = $"{key}-{Guid.NewGuid():N}";
        await _client.SetAsync(unique, Encoding.UTF8.GetBytes(unique));

        using var hit = await _client.GetAsync(unique);
        using var other = await _client.GetAsync("other");
        Assert.Equal(unique, Encoding.UTF8.GetString(hit.Value.Span));
        Assert.False(other.IsHit && Encoding.UTF8.GetString(other.Value.Span) == "1");
    }

    [Fact]
    public async Task Get_many_returns_hits_only_with_their_own_values()
    {
        var keys = Enumerable.Range(0, 50).Select(i => TestClients.Key($"many{i}")).ToList();
        foreach (var key in keys.Where((_, i) => i % 2 == 0))
        {
            await _client.SetAsync(key, Encoding.UTF8.GetBytes(key));
        }

        var hits = await _client.GetManyAsync([.. keys, "ключ-" + Guid.NewGuid()]);
        try
        {
            Assert.Equal(25, hits.Count);
            foreach (var (key, result) in hits)
            {
                Assert.Equal(key, Encoding.UTF8.GetString(result.Value.Span));
                Assert.Equal(0, keys.IndexOf(key) % 2);
            }
        }
        finally
        {
            foreach (var result in hits.Values)
            {
                result.Dispose();
            }
        }
    }

    [Fact]
    public async Task Stats_and_version_come_from_every_node()
    {
        var versions = await _client.GetVersionsAsync();
        var stats = await _client.GetStatsAsync();
        var settings = await _client.GetStatsAsync("settings");

        Assert.StartsWith("1.6", versions[fixture.Server.EndPoint], StringComparison.Ordinal);
        Assert.True(long.Parse(stats[fixture.Server.EndPoint]["curr_connections"], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("1048576", settings[fixture.Server.EndPoint]["item_size_max"]);
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetStatsAsync("settings\r\nflush_all"));

        // Groups that do not answer STAT lines and END would take the next request's reply or break the connection.
        var epoch = _client.Nodes.Single().ConnectionEpoch;
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetStatsAsync("reset"));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetStatsAsync("sizes_enable"));
        Assert.True((await _client.GetStatsAsync("slabs")).ContainsKey(fixture.Server.EndPoint));
        Assert.Equal(epoch, _client.Nodes.Single().ConnectionEpoch);
    }

    [Fact]
    public async Task Flush_all_invalidates_every_item()
    {
        await using var server = await MemcachedServer.StartAsync();
        await using var client = TestClients.Create(server.EndPoint);
        await client.SetAsync("a", "1"u8.ToArray());
        await client.SetAsync("b", "2"u8.ToArray());

        await client.FlushAllAsync();

        var hits = await client.GetManyAsync(["a", "b"]);
        Assert.Empty(hits);
    }

    [Fact]
    public async Task A_flush_delay_over_thirty_days_is_sent_as_an_absolute_time()
    {
        await using var server = await MemcachedServer.StartAsync();

        // The client's clock runs 30 days behind memcached's: a delay of 30 days and 5 s falls due 5 s from now.
        var options = new MemcachedClientOptions();
        options.Servers.Add(server.EndPoint);
        await using var client = new MemcachedClient(options, timeProvider: new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(30)));
        await client.SetAsync("a", "1"u8.ToArray());

        await client.FlushAllAsync(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(5));

        using (var before = await client.GetAsync("a"))
        {
            Assert.True(before.IsHit);
        }

        await Poll.UntilAsync(async () =>
        {
            using var item = await client.GetAsync("a");
            return !item.IsHit;
        }, "the delayed flush took effect", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Invalid_keys_are_rejected_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetAsync("").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetAsync(new string('x', 300)).AsTask());
        await using var strict = TestClients.Create(fixture.Server.EndPoint, o => o.KeyEncoding = KeyEncoding.Strict);
        await Assert.ThrowsAsync<ArgumentException>(() => strict.GetAsync("has space").AsTask());

        // Two different keys with unpaired surrogates: lossy UTF-8 would make both one item.
        var key = TestClients.Key("surrogate");
        await Assert.ThrowsAsync<ArgumentException>(() => _client.SetAsync(key + "\uD800", "first"u8.ToArray()).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetAsync(key + "\uDBFF").AsTask());
    }
}
