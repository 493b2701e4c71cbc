using Sessions.Client;
using Sessions.Tests.Support;

namespace Sessions.Tests.Client;

/// <summary>The client's references, built from the types resolved with the first one, are the ones Orleans would make.</summary>
public sealed class GrainReferencesTests(SessionCluster fixture) : IClassFixture<SessionCluster>
{
    [Fact]
    public async Task References_after_the_first_equal_Orleans_own_and_reach_their_grains()
    {
        var grains = fixture.Cluster.Client;
        var references = new GrainReferences<ISessionGrain>(grains);
        string[] ids = [SessionIds.Create(), SessionIds.Create(), SessionIds.Create()];

        var made = ids.Select(references.Get).ToArray();
        foreach (var (id, grain) in ids.Zip(made))
        {
            await grain.CommitAsync(Commits.Set(("id", id)), CancellationToken.None);
        }

        Assert.Equal(ids.Select(id => grains.GetGrain<ISessionGrain>(id)), made);
        Assert.Equal(ids, await Task.WhenAll(ids.Select(async id => (await fixture.Sessions.LoadAsync(id))!.Text("id"))));
    }
}
