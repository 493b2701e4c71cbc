using System.Text;
using Memcached;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Conformance;

/// <summary>
/// Bad bytes under a state's key — foreign, flipped, truncated, another grain's — read as "no record",
/// are counted, and are replaced by the grain's next write; TTLs expire records.
/// </summary>
public sealed class RecordIntegrityTests(MemcachedFixture fixture) : IClassFixture<MemcachedFixture>, IAsyncLifetime
{
    private readonly StorageMetrics _metrics = new();
    private MemcachedGrainStorage _storage = null!;
    private MemcachedClient _raw = null!;
    private MetricCollector<long> _corrupt = null!;

    public async Task InitializeAsync()
    {
        _corrupt = new MetricCollector<long>(_metrics.Meter, "memcached.storage.corrupt_records");
        _storage = await StorageFactory.StartAsync([fixture.Server.EndPoint], metrics: _metrics);
        // As generous as the storage's own client (StorageFactory): a CPU stall on a loaded CI machine is latency, not a failure.
        _raw = new MemcachedClient(new MemcachedClientOptions { Servers = { fixture.Server.EndPoint }, OperationTimeout = TimeSpan.FromSeconds(5) });
    }

    public async Task DisposeAsync()
    {
        await _storage.StopAsync(CancellationToken.None);
        await _raw.DisposeAsync();
        _corrupt.Dispose();
        _metrics.Dispose();
    }

    public static TheoryData<string> Corruptions => ["foreign", "flipped", "truncated", "other-grain", "undecodable", "undecompressable"];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_bad_record_reads_as_no_record_is_counted_and_is_replaced_by_the_next_write(string corruption)
    {
        var grain = NewGrain();
        var key = StorageFactory.KeyOf(_storage, "state", grain);
        await _raw.SetAsync(key, await BadBytes(corruption, grain));
        var corruptBefore = _corrupt.GetMeasurementSnapshot().Count;

        var read = new TestGrainState<PackedState> { State = new PackedState { Counter = 42 } };
        await _storage.ReadStateAsync("state", grain, read);

        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Counter);
        Assert.Equal(corruptBefore + 1, _corrupt.GetMeasurementSnapshot().Count);
        read.State = new PackedState { Counter = 7 };
        await _storage.WriteStateAsync("state", grain, read);
        var again = new TestGrainState<PackedState>();
        await _storage.ReadStateAsync("state", grain, again);
        Assert.True(again.RecordExists);
        Assert.Equal(7, again.State.Counter);
    }

    [Fact]
    public async Task A_record_with_a_ttl_expires_and_then_reads_as_never_written()
    {
        var storage = await StorageFactory.StartAsync([fixture.Server.EndPoint], configure: o => o.EntryTtl = TimeSpan.FromSeconds(1));
        try
        {
            var grain = NewGrain();
            await storage.WriteStateAsync("state", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } });

            await Poll.UntilAsync(async () =>
            {
                var state = new TestGrainState<PackedState>();
                await storage.ReadStateAsync("state", grain, state);
                return !state.RecordExists && state.ETag is null;
            }, "the record expired");
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Ttl_overrides_by_state_name_and_grain_type_win_and_long_ttls_are_kept()
    {
        var storage = await StorageFactory.StartAsync([fixture.Server.EndPoint], configure: o =>
        {
            o.EntryTtl = TimeSpan.FromDays(40);
            o.EntryTtlOverrides["cart"] = TimeSpan.FromMinutes(10);
            o.EntryTtlOverrides["typed"] = TimeSpan.FromMinutes(20);
        });
        try
        {
            var grain = NewGrain();
            var typed = GrainId.Create("typed", Guid.NewGuid().ToString("N"));
            await storage.WriteStateAsync("cart", grain, new TestGrainState<PackedState> { State = new PackedState() });
            await storage.WriteStateAsync("profile", grain, new TestGrainState<PackedState> { State = new PackedState() });
            await storage.WriteStateAsync("profile", typed, new TestGrainState<PackedState> { State = new PackedState() });

            Assert.InRange(await RemainingTtl(storage, "cart", grain), TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
            Assert.InRange(await RemainingTtl(storage, "profile", typed), TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20));
            Assert.InRange(await RemainingTtl(storage, "profile", grain), TimeSpan.FromDays(40) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(40) + TimeSpan.FromSeconds(5));
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_ttl_of_a_century_keeps_the_record_until_the_end_of_memcacheds_clock()
    {
        var storage = await StorageFactory.StartAsync([fixture.Server.EndPoint], configure: o => o.EntryTtl = TimeSpan.FromDays(36_500));
        try
        {
            var grain = NewGrain();
            await storage.WriteStateAsync("state", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } });

            var read = new TestGrainState<PackedState>();
            await storage.ReadStateAsync("state", grain, read);
            Assert.Equal(1, read.State.Counter);
            var untilEnd = DateTimeOffset.FromUnixTimeSeconds(int.MaxValue) - DateTimeOffset.UtcNow;
            Assert.InRange(await RemainingTtl(storage, "state", grain), untilEnd - TimeSpan.FromMinutes(1), untilEnd + TimeSpan.FromMinutes(1));
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_state_chooses_its_own_ttl_reads_back_what_remains_and_a_touch_extends_it_without_a_rewrite()
    {
        var storage = await StorageFactory.StartAsync([fixture.Server.EndPoint], configure: o => o.EntryTtl = TimeSpan.FromDays(1));
        try
        {
            var grain = NewGrain();
            await storage.WriteStateAsync("session", grain, new TestGrainState<ExpiringState> { State = new ExpiringState { Counter = 7, TimeToLive = TimeSpan.FromMinutes(30) } });
            Assert.InRange(await RemainingTtl(storage, "session", grain), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
            using var before = await _raw.GetAsync(StorageFactory.KeyOf(storage, "session", grain));

            Assert.True(await storage.TouchAsync("session", grain, TimeSpan.FromHours(2)));

            using var after = await _raw.GetAsync(StorageFactory.KeyOf(storage, "session", grain));
            Assert.Equal(before.Cas, after.Cas);
            Assert.True(before.Value.Span.SequenceEqual(after.Value.Span));
            var read = new TestGrainState<ExpiringState>();
            await storage.ReadStateAsync("session", grain, read);
            Assert.Equal(7, read.State.Counter);
            Assert.InRange(read.State.RemainingTimeToLive!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
            Assert.False(await storage.TouchAsync("session", NewGrain(), TimeSpan.FromHours(2)));
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    private async Task<TimeSpan> RemainingTtl(MemcachedGrainStorage storage, string stateName, GrainId grain)
    {
        using var item = await _raw.GetAsync(StorageFactory.KeyOf(storage, stateName, grain));
        return item.RemainingTtl ?? TimeSpan.MaxValue;
    }

    private async Task<byte[]> BadBytes(string corruption, GrainId grain)
    {
        var logical = StateKeys.Logical("state", grain);
        return corruption switch
        {
            "foreign" => "{\"written\":\"by another program\"}"u8.ToArray(),
            "undecodable" => Record(logical, [0xFF, 0x01, 0x02]),
            "undecompressable" => Record(logical, [0xF0, 0x01, 0x02, 0x03], RecordFlags.Compressed, rawLength: 4096),
            "other-grain" => Record(StateKeys.Logical("state", NewGrain()), await ValidPayload()),
            "truncated" => Record(logical, await ValidPayload())[..^3],
            _ => Flip(Record(logical, await ValidPayload())),
        };
    }

    private async Task<byte[]> ValidPayload()
    {
        var grain = NewGrain();
        await _storage.WriteStateAsync("state", grain, new TestGrainState<PackedState> { State = new PackedState { Counter = 5, Text = "valid" } });
        using var item = await _raw.GetAsync(StorageFactory.KeyOf(_storage, "state", grain));
        Assert.True(StateRecord.TryRead(item.ToArray(), StateKeys.Logical("state", grain), out var record, out _));
        return record.Body.ToArray();
    }

    private static byte[] Record(string logicalKey, byte[] payload, RecordFlags flags = RecordFlags.None, int? rawLength = null)
    {
        var buffer = new byte[StateRecord.MaxHeaderSize(logicalKey) + payload.Length];
        var header = new StateRecord(new StateETag(3, 77), flags, rawLength ?? payload.Length, default).WriteHeaderTo(logicalKey, buffer, payload);
        payload.CopyTo(buffer, header);
        return buffer[..(header + payload.Length)];
    }

    private static byte[] Flip(byte[] bytes)
    {
        bytes[^1] ^= 0x40;
        return bytes;
    }

    private static GrainId NewGrain() => GrainId.Create("integrity", Guid.NewGuid().ToString("N"));
}
