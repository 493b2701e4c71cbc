using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Runtime;

namespace Orleans.Persistence.Memcached.Tests.Silo;

/// <summary>A grain with <see cref="Grain{TGrainState}"/> state in the default storage.</summary>
public interface IStoredCounterGrain : IGrainWithStringKey
{
    Task<int> Add(string note);

    /// <summary>Adds a note of <paramref name="length"/> characters (built in the grain, not sent).</summary>
    Task<int> AddLong(int length);

    Task<PackedState> Read();

    Task Clear();

    Task Deactivate();

    Task<Guid> Activation();

    Task<string> Silo();
}

/// <summary>A grain with two named states in the storage "store" (the silo's serializer: <see cref="PlainState"/> is not MemoryPackable).</summary>
public interface IMultiStateGrain : IGrainWithGuidKey
{
    Task Set(string cart, string profile);

    Task<string[]> Read();
}

/// <summary>A grain whose storage "cfg" is registered from configuration only.</summary>
public interface IConfiguredStorageGrain : IGrainWithIntegerKey
{
    Task Set(int value);

    Task<int> Read();

    Task Deactivate();
}

public sealed class StoredCounterGrain : Grain<PackedState>, IStoredCounterGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public async Task<int> Add(string note)
    {
        State.Counter++;
        State.Items.Add(note);
        await WriteStateAsync();
        return State.Counter;
    }

    public Task<int> AddLong(int length) => Add(new string('x', length));

    public Task<PackedState> Read() => Task.FromResult(State);

    public Task Clear() => ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<Guid> Activation() => Task.FromResult(_activation);

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);
}

public sealed class MultiStateGrain(
    [PersistentState("cart", "store")] IPersistentState<PlainState> cart,
    [PersistentState("profile", "store")] IPersistentState<PlainState> profile) : Grain, IMultiStateGrain
{
    public async Task Set(string cartText, string profileText)
    {
        cart.State.Text = cartText;
        profile.State.Text = profileText;
        await cart.WriteStateAsync();
        await profile.WriteStateAsync();
    }

    public async Task<string[]> Read()
    {
        await cart.ReadStateAsync();
        await profile.ReadStateAsync();
        return [cart.State.Text, profile.State.Text];
    }
}

public sealed class ConfiguredStorageGrain([PersistentState("value", "cfg")] IPersistentState<PlainState> value) : Grain, IConfiguredStorageGrain
{
    public async Task Set(int number)
    {
        value.State.Counter = number;
        await value.WriteStateAsync();
    }

    public Task<int> Read() => Task.FromResult(value.State.Counter);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
