using Sessions.Tests.Support;
using TestKit;

namespace Sessions.Tests.Sessions;

/// <summary>
/// The user index checks stale entries with their sessions while other calls run (it is reentrant): a removal or an
/// addition made meanwhile must not be undone by the check's older answer.
/// </summary>
public sealed class UserIndexRaceTests(UserIndexRaceTests.Cluster fixture) : IClassFixture<UserIndexRaceTests.Cluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_session_logged_out_while_the_index_checks_it_is_not_listed_again()
    {
        var user = $"user-{Guid.NewGuid():N}";
        var index = fixture.Cluster.Client.GetGrain<IUserSessionsGrain>(user);
        var loggedOut = SessionIds.Create();
        await fixture.Sessions.CommitAsync(loggedOut, Commits.Set(("k", "v")));
        await fixture.Sessions.BindUserAsync(loggedOut, user);
        await index.AddAsync(loggedOut, StaleInfo());
        await using var slow = await SlowSessionAsync(user);

        var listing = index.ListAsync();
        await Poll.UntilAsync(() => Task.FromResult(IndexCheckRecorder.Answered.Contains(loggedOut)), "the index checked the session", Deadline);
        await fixture.Sessions.InvalidateAsync(loggedOut);
        slow.Release();
        await listing;

        var listed = await index.ListAsync();
        Assert.DoesNotContain(SessionIds.Handle(loggedOut), listed.Select(s => s.Handle));
    }

    [Fact]
    public async Task A_session_bound_while_the_index_checks_its_old_entry_is_listed()
    {
        var user = $"user-{Guid.NewGuid():N}";
        var index = fixture.Cluster.Client.GetGrain<IUserSessionsGrain>(user);
        var bound = SessionIds.Create();
        await fixture.Sessions.CommitAsync(bound, Commits.Set(("k", "v")));
        await index.AddAsync(bound, StaleInfo()); // an entry left over (e.g. a removal that failed), the session not bound
        await using var slow = await SlowSessionAsync(user);

        var listing = index.ListAsync();
        await Poll.UntilAsync(() => Task.FromResult(IndexCheckRecorder.Answered.Contains(bound)), "the index checked the session", Deadline);
        await fixture.Sessions.BindUserAsync(bound, user);
        slow.Release();
        await listing;

        var listed = await index.ListAsync();
        Assert.Contains(SessionIds.Handle(bound), listed.Select(s => s.Handle));
    }

    [Fact]
    public async Task A_bind_to_another_user_cancelled_once_the_session_is_saved_still_moves_it_between_the_indexes()
    {
        var before = $"user-{Guid.NewGuid():N}";
        var after = $"user-{Guid.NewGuid():N}";
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set(("k", "v")));
        await fixture.Sessions.BindUserAsync(id, before);
        var cache = new BlockingCache();
        var holder = fixture.Cluster.Client.CreateObjectReference<ISessionCacheHolder>(cache);
        Assert.True((await fixture.Sessions.LoadAsync(id, holder))!.ReadLease > TimeSpan.Zero);

        // The front-end's attempt times out while the grain, having saved the new user, waits for a leased cache.
        using var attempt = new CancellationTokenSource();
        var bind = fixture.Cluster.Client.GetGrain<ISessionGrain>(id).BindUserAsync(after, attempt.Token);
        await cache.Asked.Task.WaitAsync(Deadline);
        attempt.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bind);
        cache.Answer.TrySetResult();
        await Poll.UntilAsync(async () => (await fixture.Sessions.LoadAsync(id))!.UserId == after, "the session is bound to the new user", Deadline);

        var listedBefore = await fixture.Sessions.ListUserSessionsAsync(before);
        var listedAfter = await fixture.Sessions.ListUserSessionsAsync(after);
        Assert.Equal((0, 1), (listedBefore.Count, listedAfter.Count));
    }

    private UserSessionInfo StaleInfo()
    {
        var past = fixture.Clock!.GetUtcNow() - TimeSpan.FromSeconds(1);
        return new UserSessionInfo { Handle = "h", CreatedAt = past, LastAccessedAt = past, ExpiresAt = past };
    }

    /// <summary>A live session of the user with a stale index entry, busy in a commit that waits for a leased cache to evict (until released).</summary>
    private async Task<SlowSession> SlowSessionAsync(string user)
    {
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set(("k", "v")));
        await fixture.Sessions.BindUserAsync(id, user);
        var cache = new BlockingCache();
        var holder = fixture.Cluster.Client.CreateObjectReference<ISessionCacheHolder>(cache);
        Assert.True((await fixture.Sessions.LoadAsync(id, holder))!.ReadLease > TimeSpan.Zero);
        await fixture.Cluster.Client.GetGrain<IUserSessionsGrain>(user).AddAsync(id, StaleInfo());
        var commit = fixture.Cluster.Client.GetGrain<ISessionGrain>(id).CommitAsync(Commits.Set(("k", "w")));
        await cache.Asked.Task.WaitAsync(Deadline);
        return new SlowSession(cache, commit);
    }

    private sealed class SlowSession(BlockingCache cache, Task commit) : IAsyncDisposable
    {
        public void Release() => cache.Answer.TrySetResult();

        public async ValueTask DisposeAsync()
        {
            Release();
            await commit;
        }
    }

    private sealed class BlockingCache : ISessionCacheHolder
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task EvictAsync(string sessionId, long version, TimeSpan holdOff)
        {
            Asked.TrySetResult();
            return Answer.Task;
        }
    }

    public sealed class Cluster() : SessionCluster(new Dictionary<string, string?> { ["Sessions:ReadLease"] = "00:00:40", ["recordIndexChecks"] = "1" }, fakeClock: true);
}
