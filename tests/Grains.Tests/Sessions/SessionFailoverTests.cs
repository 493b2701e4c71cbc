using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>A silo stopped non-gracefully: its sessions come back on another silo with every acknowledged commit.</summary>
public sealed class SessionFailoverTests(SessionCluster fixture) : IClassFixture<SessionCluster>
{
    [Fact]
    public async Task Every_acknowledged_commit_is_present_after_the_hosting_silo_dies_and_a_retried_commit_is_not_applied_twice()
    {
        var (id, first) = await fixture.SessionOnSecondaryAsync();
        var acknowledged = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var result = await fixture.Sessions.CommitAsync(id, Commits.Set(($"n{i}", $"{i}")));
            Assert.True(result.Durable);
            acknowledged.Add($"n{i}");
        }

        var last = new SessionCommit { Set = new Dictionary<string, byte[]> { ["last"] = [9] } };
        var lastResult = await fixture.Sessions.CommitAsync(id, last);

        await fixture.Cluster.KillSiloAsync(fixture.HostOf(first));
        try
        {
            var retried = await fixture.Sessions.CommitAsync(id, last);
            var after = (await fixture.Sessions.LoadAsync(id))!;

            Assert.NotEqual(first.Host, after.Host);
            Assert.Equal(lastResult.Version, retried.Version);
            Assert.Equal(lastResult.Version, after.Version);
            Assert.All(acknowledged, key => Assert.True(after.Values.ContainsKey(key), key));
            Assert.Equal([9], after.Values["last"]);
        }
        finally
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }
}
