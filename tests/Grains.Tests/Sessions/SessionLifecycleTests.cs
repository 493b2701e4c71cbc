using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Sessions.Client;
using Sessions.State;
using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>Invalidate, regenerate id, and the per-user index ("log out everywhere").</summary>
public sealed class SessionLifecycleTests(SessionCluster fixture) : IClassFixture<SessionCluster>
{
    private ISessionClient Sessions => fixture.Sessions;

    [Fact]
    public async Task An_invalidated_session_is_gone_from_memory_and_memcached_and_invalidating_again_succeeds()
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));

        await Sessions.InvalidateAsync(id);
        await Sessions.InvalidateAsync(id);

        Assert.Null(await Sessions.LoadAsync(id));
        Assert.False((await fixture.StoredAsync(id)).RecordExists);
    }

    [Fact]
    public async Task Regenerate_moves_the_contents_to_the_new_id_and_kills_the_old_one_idempotently()
    {
        var oldId = SessionIds.Create();
        var newId = SessionIds.Create();
        await Sessions.CommitAsync(oldId, Commits.Set(("cart", "2 pears")));

        var moved = await Sessions.RegenerateAsync(oldId, newId);
        var retried = await Sessions.RegenerateAsync(oldId, newId);
        var elsewhere = await Sessions.RegenerateAsync(oldId, SessionIds.Create());

        Assert.Equal("2 pears", moved!.Text("cart"));
        Assert.Equal("2 pears", retried!.Text("cart"));
        Assert.Null(elsewhere);
        Assert.Null(await Sessions.LoadAsync(oldId));
        Assert.Equal("2 pears", (await Sessions.LoadAsync(newId))!.Text("cart"));
        Assert.Equal("2 pears", System.Text.Encoding.UTF8.GetString((await fixture.StoredAsync(newId)).State!.Values["cart"]));
    }

    [Fact]
    public async Task Regenerate_onto_an_id_that_holds_another_session_fails_and_changes_nothing()
    {
        var source = SessionIds.Create();
        var taken = SessionIds.Create();
        await Sessions.CommitAsync(source, Commits.Set(("who", "source")));
        await Sessions.CommitAsync(taken, Commits.Set(("who", "taken")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sessions.RegenerateAsync(source, taken));

        Assert.Equal("source", (await Sessions.LoadAsync(source))!.Text("who"));
        Assert.Equal("taken", (await Sessions.LoadAsync(taken))!.Text("who"));
    }

    [Fact]
    public async Task A_users_sessions_are_listed_and_follow_bind_unbind_regenerate_invalidate_and_expiry()
    {
        var user = $"user-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 5).Select(_ => SessionIds.Create()).ToArray();
        foreach (var id in ids)
        {
            await Sessions.CommitAsync(id, Commits.Set(("k", "v")));
            Assert.Equal(user, (await Sessions.BindUserAsync(id, user)).UserId);
        }

        var all = await Sessions.ListUserSessionsAsync(user);
        await Sessions.BindUserAsync(ids[0], null);
        await Sessions.InvalidateAsync(ids[1]);
        var regenerated = SessionIds.Create();
        await Sessions.RegenerateAsync(ids[2], regenerated);
        await Sessions.CommitAsync(ids[3], Commits.Set("k", [1], idleTimeout: TimeSpan.FromMinutes(1)));
        fixture.Clock!.Advance(TimeSpan.FromMinutes(2));
        var after = await Sessions.ListUserSessionsAsync(user);

        Assert.Equal(ids.Select(SessionIds.Handle).Order(), all.Select(s => s.Handle).Order());
        Assert.Equal(new[] { ids[4], regenerated }.Select(SessionIds.Handle).Order(), after.Select(s => s.Handle).Order());
        Assert.Null((await Sessions.LoadAsync(ids[0]))!.UserId);
    }

    [Fact]
    public async Task An_entry_past_its_reported_expiry_is_listed_while_its_session_is_still_in_use()
    {
        var user = $"user-{Guid.NewGuid():N}";
        var id = SessionIds.Create();
        await Sessions.BindUserAsync(id, user);
        for (var i = 0; i < 3; i++)
        {
            fixture.Clock!.Advance(TimeSpan.FromSeconds(50));
            await Sessions.LoadAsync(id);
        }

        fixture.Clock!.Advance(TimeSpan.FromMinutes(19));
        var listed = await Sessions.ListUserSessionsAsync(user);

        Assert.Equal([SessionIds.Handle(id)], listed.Select(s => s.Handle));
        Assert.True(listed[0].ExpiresAt > fixture.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Log_out_everywhere_invalidates_every_session_of_the_user_and_no_other()
    {
        var user = $"user-{Guid.NewGuid():N}";
        var mine = Enumerable.Range(0, 4).Select(_ => SessionIds.Create()).ToArray();
        var other = SessionIds.Create();
        foreach (var id in mine)
        {
            await Sessions.CommitAsync(id, Commits.Set(("k", "v")));
            await Sessions.BindUserAsync(id, user);
        }

        await Sessions.BindUserAsync(other, $"other-{Guid.NewGuid():N}");

        var ended = await Sessions.InvalidateUserSessionsAsync(user);

        Assert.Equal(4, ended);
        foreach (var id in mine)
        {
            Assert.Null(await Sessions.LoadAsync(id));
            Assert.False((await fixture.StoredAsync(id)).RecordExists);
        }

        Assert.Empty(await Sessions.ListUserSessionsAsync(user));
        Assert.NotNull(await Sessions.LoadAsync(other));
    }
    [Fact]
    public async Task A_commit_from_a_request_that_loaded_a_session_since_ended_is_dropped_and_the_id_stays_dead()
    {
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));
        await Sessions.InvalidateAsync(id);

        var late = Commits.Set(("late", "1"));
        var result = await Sessions.CommitAsync(id, new SessionCommit { Set = late.Set, RequiresSession = true });

        Assert.True(result.Gone);
        Assert.Equal(0, result.Version);
        Assert.Null(await Sessions.LoadAsync(id));
        Assert.False((await fixture.StoredAsync(id)).RecordExists);

        // A committer that holds no session (a first request) still creates one.
        var created = await Sessions.CommitAsync(id, late);
        Assert.False(created.Gone);
        Assert.True(created.Created);
        Assert.Equal("1", (await Sessions.LoadAsync(id))!.Text("late"));
    }

    [Fact]
    public async Task A_bound_session_that_only_commits_keeps_its_user_index_entry_current()
    {
        var user = $"user-{Guid.NewGuid():N}";
        var id = SessionIds.Create();
        await Sessions.CommitAsync(id, Commits.Set(("k", "v")));
        await Sessions.BindUserAsync(id, user);

        // A request every 30 s, each one writing (a "last seen" value): every commit is storage contact, so no touch
        // ever runs, for longer than the idle timeout.
        for (var i = 0; i < 50; i++)
        {
            fixture.Clock!.Advance(TimeSpan.FromSeconds(30));
            await Sessions.CommitAsync(id, Commits.Set(("seen", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        // The index record in memcached lives until the latest expiry it was told (plus margins): it must cover the session.
        var storage = fixture.ServicesOf(fixture.Cluster.GetActiveSilos().First()).GetRequiredKeyedService<IGrainStorage>("sessions");
        var index = new GrainState<UserSessionsState>(new UserSessionsState());
        await storage.ReadStateAsync(UserSessionsGrain.StateName, GrainId.Create(UserSessionsGrain.StateName, user), index);

        Assert.True(index.RecordExists);
        var entry = index.State!.Sessions[id];
        Assert.True(entry.ExpiresAt > fixture.Clock!.GetUtcNow(), $"the index was last told the session expires at {entry.ExpiresAt:O}");
    }
}
