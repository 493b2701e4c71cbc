using System.Text;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Conformance;

/// <summary>One memcached node, one copy of each state.</summary>
public sealed class SingleNodeStorageContractTests(MemcachedFixture fixture)
    : StorageContractTests([fixture.Server.EndPoint], replicas: null), IClassFixture<MemcachedFixture>;

/// <summary>Three memcached nodes, two copies of each state (decided on the first, copied to the second).</summary>
public sealed class ReplicatedStorageContractTests(MemcachedClusterFixture fixture)
    : StorageContractTests(fixture.Cluster.EndPoints, replicas: 2), IClassFixture<MemcachedClusterFixture>;

/// <summary>
/// Orleans' grain-storage contract, rule by rule, for both clear modes and both serializers,
/// directly against <see cref="IGrainStorage"/> on real memcached nodes.
/// </summary>
public abstract class StorageContractTests(IReadOnlyList<string> servers, int? replicas) : IAsyncLifetime
{
    private readonly List<MemcachedGrainStorage> _started = [];

    public static TheoryData<bool, SerializerKind> Modes => new()
    {
        { false, SerializerKind.MemoryPack },
        { true, SerializerKind.MemoryPack },
        { false, SerializerKind.Orleans },
        { true, SerializerKind.Orleans },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Reading_a_never_written_record_gives_no_record_no_etag_and_a_fresh_state(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 99 }, ETag = "stale", RecordExists = true };

        await storage.ReadStateAsync("state", NewGrain(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Counter);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_write_is_read_back_with_its_etag(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var grain = NewGrain();
        var written = new TestGrainState<PackedState> { State = new PackedState { Counter = 7, Text = "héllo", Items = ["a", "b"] } };

        await storage.WriteStateAsync("state", grain, written);
        var read = new TestGrainState<PackedState>();
        await storage.ReadStateAsync("state", grain, read);

        Assert.True(written.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(7, read.State.Counter);
        Assert.Equal("héllo", read.State.Text);
        Assert.Equal(["a", "b"], read.State.Items);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Every_write_yields_a_new_etag_even_for_identical_content(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
        var etags = new List<string?>();

        for (var i = 0; i < 5; i++)
        {
            await storage.WriteStateAsync("state", NewGrainFixed, state);
            etags.Add(state.ETag);
        }

        Assert.Equal(5, etags.Distinct().Count());
        Assert.All(etags, e => Assert.False(string.IsNullOrEmpty(e)));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_null_etag_on_an_existing_record_conflicts_and_leaves_it_unchanged(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var grain = NewGrain();
        await storage.WriteStateAsync("state", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } });

        var intruder = new TestGrainState<PackedState> { State = new PackedState { Counter = 2 } };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, intruder));

        AssertConflictMessage(conflict, grain, etag: null);
        Assert.Equal(1, (await Read(storage, grain)).State.Counter);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_stale_etag_conflicts_and_leaves_the_record_unchanged(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var grain = NewGrain();
        var first = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
        await storage.WriteStateAsync("state", grain, first);
        var staleETag = first.ETag;
        await storage.WriteStateAsync("state", grain, first);
        var current = first.ETag;

        var stale = new TestGrainState<PackedState> { State = new PackedState { Counter = 3 }, ETag = staleETag };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, stale));
        var foreign = new TestGrainState<PackedState> { State = new PackedState { Counter = 4 }, ETag = "not-one-of-ours" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, foreign));

        AssertConflictMessage(conflict, grain, staleETag);
        var read = await Read(storage, grain);
        Assert.Equal(1, read.State.Counter);
        Assert.Equal(current, read.ETag);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Clear_checks_the_etag_and_follows_its_mode(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var grain = NewGrain();
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 5 } };
        await storage.WriteStateAsync("state", grain, state);
        var stale = new TestGrainState<PackedState> { ETag = "1-1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("state", grain, stale));
        Assert.Equal(5, (await Read(storage, grain)).State.Counter);

        await storage.ClearStateAsync("state", grain, state);
        var afterClear = await Read(storage, grain);

        Assert.False(state.RecordExists);
        Assert.False(afterClear.RecordExists);
        Assert.Equal(0, afterClear.State.Counter);
        if (deleteOnClear)
        {
            Assert.Null(state.ETag);
            Assert.Null(afterClear.ETag);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(state.ETag));
            Assert.Equal(state.ETag, afterClear.ETag);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Clearing_twice_succeeds_and_a_write_with_the_post_clear_etag_succeeds(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var grain = NewGrain();
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 5 } };
        await storage.WriteStateAsync("state", grain, state);

        await storage.ClearStateAsync("state", grain, state);
        await storage.ClearStateAsync("state", grain, state);
        state.State = new PackedState { Counter = 6 };
        await storage.WriteStateAsync("state", grain, state);

        var read = await Read(storage, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(6, read.State.Counter);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Clearing_a_record_that_never_existed_succeeds(bool deleteOnClear, SerializerKind serializer)
    {
        var storage = await Start(deleteOnClear, serializer);
        var state = new TestGrainState<PackedState>();

        await storage.ClearStateAsync("state", NewGrain(), state);

        Assert.False(state.RecordExists);
        Assert.Equal(deleteOnClear, state.ETag is null);
    }

    [Fact]
    public async Task Different_state_names_of_one_grain_are_independent_records()
    {
        var storage = await Start();
        var grain = NewGrain();
        await storage.WriteStateAsync("cart", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } });
        await storage.WriteStateAsync("profile", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = 2 } });

        Assert.Equal(1, (await Read(storage, grain, "cart")).State.Counter);
        Assert.Equal(2, (await Read(storage, grain, "profile")).State.Counter);
        Assert.False((await Read(storage, grain, "other")).RecordExists);
    }

    [Fact]
    public async Task Grain_ids_of_every_kind_map_to_distinct_valid_keys()
    {
        var storage = await Start();
        var guid = Guid.NewGuid();
        var grains = new[]
        {
            GrainId.Create("test", "plain"),
            GrainId.Create("test", "with space and\ttab"),
            GrainId.Create("test", guid.ToString("N")),
            GrainId.Create("test", "42"),
            GrainId.Create("test", $"{guid:N}+ext"),
            GrainId.Create("test", "ключ-пользователя-🙂"),
            GrainId.Create("test", new string('x', 5000)),
            GrainId.Create("test", new string('x', 4999) + "y"),
            GrainId.Create("other", "plain"),
            GrainId.Create("gen`1[[System.Int32]]", "plain"),
            GrainId.Create("gen`1[[System.String]]", "plain"),
        };

        for (var i = 0; i < grains.Length; i++)
        {
            await storage.WriteStateAsync("state", grains[i], new TestGrainState<PackedState> { State = new PackedState { Counter = i } });
        }

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal(i, (await Read(storage, grains[i])).State.Counter);
        }
    }

    [Fact]
    public async Task State_names_and_grain_types_holding_slashes_never_share_a_record()
    {
        var storage = await Start();
        var key = Guid.NewGuid().ToString("N");

        // Unescaped, all three would be the logical key "orders/v2/user/<key>".
        await storage.WriteStateAsync("orders/v2", GrainId.Create("user", key), new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } });
        await storage.WriteStateAsync("orders", GrainId.Create("v2", $"user/{key}"), new TestGrainState<PackedState> { State = new PackedState { Counter = 2 } });
        await storage.WriteStateAsync("orders", GrainId.Create("v2/user", key), new TestGrainState<PackedState> { State = new PackedState { Counter = 3 } });

        Assert.Equal(1, (await Read(storage, GrainId.Create("user", key), "orders/v2")).State.Counter);
        Assert.Equal(2, (await Read(storage, GrainId.Create("v2", $"user/{key}"), "orders")).State.Counter);
        Assert.Equal(3, (await Read(storage, GrainId.Create("v2/user", key), "orders")).State.Counter);
        Assert.False((await Read(storage, GrainId.Create("user", key), "orders%2Fv2")).RecordExists);
    }

    [Fact]
    public async Task Keys_of_every_length_around_the_switch_to_a_hashed_key_are_stored()
    {
        var storage = await Start();
        foreach (var kind in new[] { "plain", "a b", "é" })
        {
            // The longest key sent as it is (or base64-encoded, with a space or non-ASCII) and the first hashed one are in the range.
            var marker = kind + Guid.NewGuid().ToString("N");
            var bare = Encoding.UTF8.GetByteCount(storage.Keys.Prefix + StateKeys.Logical("state", GrainId.Create("boundary", marker)));
            for (var bytes = 180; bytes <= 195; bytes++)
            {
                var grain = GrainId.Create("boundary", marker + new string('k', bytes - bare));
                await storage.WriteStateAsync("state", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = bytes } });
                Assert.Equal(bytes, (await Read(storage, grain)).State.Counter);
            }
        }
    }

    [Fact]
    public async Task Two_activations_racing_with_the_same_etag_never_both_succeed()
    {
        var storage = await Start();
        for (var round = 0; round < 50; round++)
        {
            var grain = NewGrain();
            var initial = new TestGrainState<PackedState> { State = new PackedState() };
            await storage.WriteStateAsync("state", grain, initial);

            var racers = Enumerable.Range(0, 4).Select(i => new TestGrainState<PackedState> { State = new PackedState { Counter = i + 1 }, ETag = initial.ETag }).ToArray();
            var outcomes = await Task.WhenAll(racers.Select(r => Record.ExceptionAsync(() => storage.WriteStateAsync("state", grain, r))));

            Assert.Equal(1, outcomes.Count(e => e is null));
            Assert.All(outcomes.Where(e => e is not null), e => Assert.IsType<InconsistentStateException>(e));
            var winner = racers[Array.IndexOf(outcomes, null)];
            var stored = await Read(storage, grain);
            Assert.Equal(winner.State.Counter, stored.State.Counter);
            Assert.Equal(winner.ETag, stored.ETag);
        }
    }

    [Fact]
    public async Task A_state_larger_than_the_maximum_fails_clearly_and_stores_nothing()
    {
        var storage = await Start(configure: o => o.MaxStateSize = 10_000);
        var grain = NewGrain();
        var state = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
        await storage.WriteStateAsync("state", grain, state);
        var etag = state.ETag;

        state.State = new PackedState { Text = new string('x', 20_000) };
        var error = await Assert.ThrowsAsync<MemcachedStorageException>(() => storage.WriteStateAsync("state", grain, state));

        Assert.Equal(global::Memcached.MemcachedErrorKind.TooLarge, error.Kind);
        Assert.Contains("MaxStateSize", error.Message, StringComparison.Ordinal);
        Assert.Equal(etag, state.ETag);
        Assert.Equal(1, (await Read(storage, grain)).State.Counter);
    }

    private static void AssertConflictMessage(InconsistentStateException conflict, GrainId grain, string? etag)
    {
        Assert.Contains($"ServiceId={StorageFactory.ServiceId}", conflict.Message, StringComparison.Ordinal);
        Assert.Contains($"ProviderName={StorageFactory.ProviderName}", conflict.Message, StringComparison.Ordinal);
        Assert.Contains($"GrainType={grain.Type}", conflict.Message, StringComparison.Ordinal);
        Assert.Contains($"GrainId={grain}", conflict.Message, StringComparison.Ordinal);
        Assert.Contains($"ETag={etag ?? "(none)"}", conflict.Message, StringComparison.Ordinal);
    }

    private static GrainId NewGrain() => GrainId.Create("contract", Guid.NewGuid().ToString("N"));

    private static GrainId NewGrainFixed { get; } = NewGrain();

    private static async Task<TestGrainState<PackedState>> Read(IGrainStorage storage, GrainId grain, string stateName = "state")
    {
        var state = new TestGrainState<PackedState>();
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var storage in _started)
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    private async Task<MemcachedGrainStorage> Start(bool deleteOnClear = false, SerializerKind serializer = SerializerKind.MemoryPack, Action<Orleans.Configuration.MemcachedGrainStorageOptions>? configure = null)
    {
        var storage = await StorageFactory.StartAsync(servers, deleteOnClear, serializer, o =>
        {
            o.ReplicaCount = replicas;
            configure?.Invoke(o);
        });
        Assert.Equal(replicas ?? 1, storage.ReplicaCount);
        _started.Add(storage);
        return storage;
    }
}
