using System.Text;
using Sessions.Client;
using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>Load and delta commit through the Orleans client against two silos and a real memcached.</summary>
public sealed class SessionCommitTests(SessionCluster fixture) : IClassFixture<SessionCluster>
{
    private ISessionClient Sessions => fixture.Sessions;

    [Fact]
    public async Task An_unknown_session_loads_as_null()
    {
        Assert.Null(await Sessions.LoadAsync(SessionIds.Create()));
    }

    [Fact]
    public async Task A_commit_creates_the_session_and_a_load_returns_values_version_and_timestamps()
    {
        var id = SessionIds.Create();
        var now = fixture.Clock!.GetUtcNow();

        var result = await Sessions.CommitAsync(id, Commits.Set(("cart", "3 apples"), ("user", "ann")));
        var snapshot = await Sessions.LoadAsync(id);

        Assert.True(result.Created);
        Assert.True(result.Durable);
        Assert.Equal(1, result.Version);
        Assert.NotNull(snapshot);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal("3 apples", snapshot.Text("cart"));
        Assert.Equal("ann", snapshot.Text("user"));
        Assert.Equal(now, snapshot.CreatedAt);
        Assert.Equal(TimeSpan.FromMinutes(20), snapshot.IdleTimeout);
        Assert.NotNull(snapshot.Host);
        var stored = await fixture.StoredAsync(id);
        Assert.True(stored.RecordExists);
        Assert.Equal("3 apples", Encoding.UTF8.GetString(stored.State!.Values["cart"]));
        Assert.Equal(1, stored.State.Format);
    }

    [Fact]
    public async Task A_commit_applies_clear_then_removals_then_sets_and_keeps_untouched_keys()
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("a", "1"), ("b", "2"), ("c", "3")));

        await Sessions.CommitAsync(id, new SessionCommit { Remove = ["a"], Set = new Dictionary<string, byte[]> { ["b"] = "20"u8.ToArray(), ["d"] = "4"u8.ToArray() } });
        var afterDelta = (await Sessions.LoadAsync(id))!;
        var cleared = await Sessions.CommitAsync(id, new SessionCommit { Clear = true, Remove = ["x"], Set = new Dictionary<string, byte[]> { ["e"] = "5"u8.ToArray() } });
        var afterClear = (await Sessions.LoadAsync(id))!;

        Assert.Equal(["b", "c", "d"], afterDelta.Values.Keys.Order());
        Assert.Equal("20", afterDelta.Text("b"));
        Assert.Equal("3", afterDelta.Text("c"));
        Assert.Equal(3, cleared.Version);
        Assert.Equal(["e"], afterClear.Values.Keys);
        Assert.Equal(["e"], (await fixture.StoredAsync(id)).State!.Values.Keys);
    }

    [Fact]
    public async Task A_retried_commit_is_applied_once_and_returns_the_same_version()
    {
        var id = SessionIds.Create();
        var first = new SessionCommit { Set = new Dictionary<string, byte[]> { ["n"] = "1"u8.ToArray() } };
        var applied = await Sessions.CommitAsync(id, first);
        await Sessions.CommitAsync(id, Commits.Set(("n", "2")));

        var retried = await Sessions.CommitAsync(id, first);
        var snapshot = (await Sessions.LoadAsync(id))!;

        Assert.Equal(applied.Version, retried.Version);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal("2", snapshot.Text("n"));
    }

    [Fact]
    public async Task An_AspNetCore_style_guid_session_key_is_accepted()
    {
        var id = Guid.NewGuid().ToString();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));

        Assert.Equal("v", (await Sessions.LoadAsync(id))!.Text("k"));
    }

    [Theory]
    [InlineData(SessionLimit.ValueSize)]
    [InlineData(SessionLimit.KeyCount)]
    [InlineData(SessionLimit.TotalSize)]
    [InlineData(SessionLimit.KeyLength)]
    public async Task A_commit_over_a_limit_is_rejected_whole_with_the_limit_named(SessionLimit limit)
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("keep", "1")));
        var set = new Dictionary<string, byte[]> { ["keep"] = "changed"u8.ToArray() };
        switch (limit)
        {
            case SessionLimit.ValueSize:
                set["big"] = new byte[64 * 1024 + 1];
                break;
            case SessionLimit.KeyCount:
                for (var i = 0; i < 256; i++)
                {
                    set[$"key{i}"] = [1];
                }

                break;
            case SessionLimit.TotalSize:
                for (var i = 0; i < 9; i++)
                {
                    set[$"chunk{i}"] = new byte[60 * 1024];
                }

                break;
            case SessionLimit.KeyLength:
                set[new string('k', 257)] = [1];
                break;
        }

        var error = await Assert.ThrowsAsync<SessionLimitExceededException>(() => Sessions.CommitAsync(id, new SessionCommit { Set = set }));
        var snapshot = (await Sessions.LoadAsync(id))!;

        Assert.Equal(limit, error.Limit);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(["keep"], snapshot.Values.Keys);
        Assert.Equal("1", snapshot.Text("keep"));
    }

    [Fact]
    public async Task A_read_only_load_writes_nothing_to_memcached()
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));
        var sets = await fixture.StatAsync("cmd_set");
        var touches = await fixture.StatAsync("cmd_touch");

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("v", (await Sessions.LoadAsync(id))!.Text("k"));
        }

        Assert.Equal(sets, await fixture.StatAsync("cmd_set"));
        Assert.Equal(touches, await fixture.StatAsync("cmd_touch"));
    }

    [Fact]
    public async Task An_empty_or_overlong_id_is_rejected_before_any_call()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Sessions.LoadAsync(""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sessions.LoadAsync(new string('x', 257)));
    }
}
