using System.Text;
using Sessions.Tests.Support;

namespace Sessions.Tests.Sessions;

/// <summary>Parallel requests of one session never lose each other's updates, and never see half a commit.</summary>
public sealed class SessionConcurrencyTests(SessionConcurrencyTests.Cluster fixture) : IClassFixture<SessionConcurrencyTests.Cluster>
{
    private const int CommitsPerClient = 1000;

    [Fact]
    public async Task Two_clients_committing_different_keys_of_one_session_keep_all_2000_keys()
    {
        var id = SessionIds.Create();
        var clients = new[] { fixture.NewClient(), fixture.NewClient() };

        await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, CommitsPerClient), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                await client.CommitAsync(id, Commits.Set(($"c{c}-{i}", $"{c}:{i}"))));
        })));

        var snapshot = (await fixture.Sessions.LoadAsync(id))!;
        var stored = (await fixture.StoredAsync(id)).State!;
        Assert.Equal(2 * CommitsPerClient, snapshot.Values.Count);
        Assert.Equal(2 * CommitsPerClient, snapshot.Version);
        Assert.Equal(2 * CommitsPerClient, stored.Values.Count);
        for (var c = 0; c < 2; c++)
        {
            for (var i = 0; i < CommitsPerClient; i++)
            {
                Assert.Equal($"{c}:{i}", snapshot.Text($"c{c}-{i}"));
            }
        }
    }

    [Fact]
    public async Task Two_clients_committing_the_same_key_leave_exactly_the_last_committed_value()
    {
        var id = SessionIds.Create();
        var clients = new[] { fixture.NewClient(), fixture.NewClient() };
        var versions = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();

        await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, CommitsPerClient), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var value = $"{c}:{i}";
                var result = await client.CommitAsync(id, Commits.Set(("same", value)));
                Assert.True(versions.TryAdd(result.Version, value));
            });
        })));

        var snapshot = (await fixture.Sessions.LoadAsync(id))!;
        var last = versions.MaxBy(v => v.Key);
        Assert.Equal(2 * CommitsPerClient, versions.Count);
        Assert.Equal(last.Key, snapshot.Version);
        Assert.Equal(last.Value, snapshot.Text("same"));
        Assert.Equal(last.Value, Encoding.UTF8.GetString((await fixture.StoredAsync(id)).State!.Values["same"]));
    }

    [Fact]
    public async Task Loads_never_observe_a_half_applied_commit()
    {
        var id = SessionIds.Create();
        await fixture.Sessions.CommitAsync(id, Commits.Set(("a", "0"), ("b", "0"), ("c", "0")));
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var loads = 0;

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var client = fixture.NewClient();
            while (!stop.IsCancellationRequested)
            {
                var s = (await client.LoadAsync(id))!;
                Interlocked.Increment(ref loads);
                if (s.Text("a") != s.Text("b") || s.Text("b") != s.Text("c") || s.Text("a") != (s.Version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    Interlocked.Increment(ref torn);
                }
            }
        })).ToArray();
        var writer = fixture.NewClient();
        for (var i = 1; i <= 500; i++)
        {
            var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await writer.CommitAsync(id, Commits.Set(("a", n), ("b", n), ("c", n)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(0, torn);
        Assert.True(loads > 0);
    }

    public sealed class Cluster() : SessionCluster(new Dictionary<string, string?> { ["Sessions:MaxKeys"] = "4096" }, fakeClock: true);
}
