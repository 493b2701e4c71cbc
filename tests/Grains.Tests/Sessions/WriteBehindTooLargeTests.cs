using Sessions.Tests.Support;
using TestKit;

namespace Sessions.Tests.Sessions;

/// <summary>Write-behind: a pending state that storage refuses as too large must not stop later commits from being written.</summary>
public sealed class WriteBehindTooLargeTests(WriteBehindTooLargeTests.Cluster fixture) : IClassFixture<WriteBehindTooLargeTests.Cluster>
{
    [Fact]
    public async Task After_a_write_behind_flush_is_refused_as_too_large_a_later_commit_that_fits_still_reaches_memcached()
    {
        var id = SessionIds.Create();
        var big = new byte[60 * 1024];
        Random.Shared.NextBytes(big);

        // 120 KB of values: within Sessions:MaxTotalSize (128 KB), over the storage's MaxStateSize (64 KB).
        var first = await fixture.Sessions.CommitAsync(id, new SessionCommit { Set = new Dictionary<string, byte[]> { ["a"] = big, ["b"] = big } });
        Assert.False(first.Durable);
        await Poll.UntilAsync(() => CapturedErrors.Logged.Any(e => e is Orleans.Storage.MemcachedStorageException { Kind: Memcached.MemcachedErrorKind.TooLarge }), "the write-behind flush was refused as too large");

        // The next request removes one value: the session (60 KB) fits storage again.
        var second = await fixture.Sessions.CommitAsync(id, new SessionCommit { Remove = ["b"] });
        Assert.Equal(2, second.Version);

        await Poll.UntilAsync(async () => (await fixture.StoredAsync(id)) is { RecordExists: true, State.Version: 2 }, "the session that fits reached memcached", TimeSpan.FromSeconds(20));
    }

    public sealed class Cluster() : SessionCluster(
        new Dictionary<string, string?>
        {
            ["Sessions:WriteMode"] = "WriteBehind",
            ["Sessions:WriteBehindDelay"] = "00:00:01",
            ["Sessions:MaxTotalSize"] = "131072",
            ["storageMaxStateSize"] = "65536",
            ["captureErrors"] = "1",
        },
        fakeClock: true);
}
