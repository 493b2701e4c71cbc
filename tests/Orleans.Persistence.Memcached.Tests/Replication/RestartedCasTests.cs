using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Replication;

/// <summary>
/// memcached restarts its CAS counter from 1, so a token from before a restart can equal a new item's token.
/// A single-replica write that compare-and-swaps straight from the token it remembers must not be fooled.
/// </summary>
public sealed class RestartedCasTests
{
    [Fact]
    public async Task A_cas_token_from_before_a_node_restart_never_overwrites_a_record_written_after_it()
    {
        await using var node = await MemcachedServer.StartAsync();
        var prefix = $"restart{Guid.NewGuid():N}/";
        var first = await StorageFactory.StartAsync([node.EndPoint], configure: o => o.KeyPrefix = prefix);
        var second = await StorageFactory.StartAsync([node.EndPoint], configure: o => o.KeyPrefix = prefix);
        try
        {
            var grain = GrainId.Create("restart", "one");
            var stale = new TestGrainState<PackedState> { State = new PackedState { Counter = 1 } };
            await first.WriteStateAsync("state", grain, stale);
            var before = await CasOf(first, grain);

            await node.KillAsync();
            await node.RestartAsync();
            var current = new TestGrainState<PackedState> { State = new PackedState { Counter = 2, Text = "written after the restart" } };
            await Poll.UntilAsync(async () => await Succeeds(() => second.WriteStateAsync("state", grain, current)), "the restarted node takes writes");

            // The premise: the new record carries the very token the first writer remembers.
            Assert.Equal(before, await CasOf(second, grain));

            stale.State = new PackedState { Counter = 3 };
            await Assert.ThrowsAsync<InconsistentStateException>(() => first.WriteStateAsync("state", grain, stale));
            var read = new TestGrainState<PackedState>();
            await second.ReadStateAsync("state", grain, read);
            Assert.Equal("written after the restart", read.State.Text);
            Assert.Equal(current.ETag, read.ETag);
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
            await second.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<ulong> CasOf(MemcachedGrainStorage storage, GrainId grain)
    {
        using var item = await storage.Client.GetAsync(StorageFactory.KeyOf(storage, "state", grain));
        return item.Cas;
    }

    private static async Task<bool> Succeeds(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (MemcachedStorageException)
        {
            return false;
        }
    }
}
