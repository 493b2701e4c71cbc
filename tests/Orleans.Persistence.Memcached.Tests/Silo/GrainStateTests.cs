using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Silo;

/// <summary>Grain state through real Orleans silos: Grain&lt;T&gt;, [PersistentState], reactivation, restarts.</summary>
public sealed class GrainStateTests(SiloClusterFixture fixture) : IClassFixture<SiloClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task A_hundred_grains_writing_ten_times_in_parallel_each_read_their_own_last_write()
    {
        var run = Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var grain = Grains.GetGrain<IStoredCounterGrain>($"{run}-{i}");
            for (var cycle = 1; cycle <= 10; cycle++)
            {
                Assert.Equal(cycle, await grain.Add($"{i}:{cycle}"));
                Assert.Equal(cycle, (await grain.Read()).Counter);
            }
        }));

        for (var i = 0; i < 100; i++)
        {
            var state = await Grains.GetGrain<IStoredCounterGrain>($"{run}-{i}").Read();
            Assert.Equal(10, state.Counter);
            Assert.Equal(Enumerable.Range(1, 10).Select(c => $"{i}:{c}"), state.Items);
        }
    }

    [Fact]
    public async Task A_reactivated_grain_reads_back_its_last_write()
    {
        var grain = Grains.GetGrain<IStoredCounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.Add("one");
        await grain.Add("two");
        var first = await grain.Activation();

        await grain.Deactivate();
        await Poll.UntilAsync(async () => await grain.Activation() != first, "the grain was reactivated");

        var state = await grain.Read();
        Assert.Equal(2, state.Counter);
        Assert.Equal(["one", "two"], state.Items);
    }

    [Fact]
    public async Task A_failed_write_reaches_the_caller_as_a_storage_exception_and_the_stored_state_is_unchanged()
    {
        var grain = Grains.GetGrain<IStoredCounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.Add("kept");
        var first = await grain.Activation();

        // Orleans wraps a storage failure in an OrleansException; ours arrives inside it whole (not as a codec error).
        var error = await Assert.ThrowsAsync<OrleansException>(() => grain.AddLong(Orleans.Configuration.MemcachedGrainStorageOptions.DefaultMaxStateSize + 1));
        var storageError = Assert.IsType<MemcachedStorageException>(error.InnerException);
        Assert.Contains("more than MaxStateSize", storageError.Message, StringComparison.Ordinal);

        await grain.Deactivate();
        await Poll.UntilAsync(async () => await grain.Activation() != first, "the grain was reactivated");
        var state = await grain.Read();
        Assert.Equal(1, state.Counter);
        Assert.Equal(["kept"], state.Items);
    }

    [Fact]
    public async Task Clearing_state_through_the_grain_starts_it_clean_after_reactivation()
    {
        var grain = Grains.GetGrain<IStoredCounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.Add("x");
        await grain.Clear();
        var first = await grain.Activation();
        await grain.Deactivate();
        await Poll.UntilAsync(async () => await grain.Activation() != first, "the grain was reactivated");

        Assert.Equal(0, (await grain.Read()).Counter);
        Assert.Equal(1, await grain.Add("y"));
    }

    [Fact]
    public async Task Two_persistent_states_of_one_grain_are_independent_and_survive_reactivation()
    {
        var grain = Grains.GetGrain<IMultiStateGrain>(Guid.NewGuid());
        await grain.Set("3 apples", "Ada");

        Assert.Equal(["3 apples", "Ada"], await grain.Read());
    }

    [Fact]
    public async Task Storage_registered_from_configuration_alone_serves_grains()
    {
        var grain = Grains.GetGrain<IConfiguredStorageGrain>(Random.Shared.NextInt64());
        await grain.Set(41);
        await grain.Deactivate();

        await Poll.UntilAsync(async () => await grain.Read() == 41, "the reactivated grain read its state");
    }
}
