using CsCheck;
using Orleans.Persistence.Memcached.Tests.Support;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Model;

/// <summary>
/// Model-based test: random sequences of reads, writes and clears from two "activations" of one
/// grain, presenting their current ETag, a stale one or none, must behave step by step exactly like
/// a small in-memory model of Orleans' storage contract.
/// </summary>
public sealed class StorageModelTests(MemcachedClusterFixture fixture) : IClassFixture<MemcachedClusterFixture>
{
    private enum Kind { Read, Write, Clear }

    private enum Presented { Current, Stale, None }

    private sealed record Step(int Activation, Kind Kind, Presented ETag, int Value);

    private static readonly Gen<Step> Steps = Gen.Select(Gen.Int[0, 1], Gen.Enum<Kind>(), Gen.Enum<Presented>(), Gen.Int[1, 1000], (a, k, e, v) => new Step(a, k, e, v));

    [Theory]
    [InlineData(false, 1, 1)]
    [InlineData(true, 1, 1)]
    [InlineData(false, 2, 2)]
    [InlineData(true, 2, 2)]
    public async Task Random_histories_from_two_activations_match_the_model(bool deleteOnClear, int nodes, int replicas)
    {
        var storage = await StorageFactory.StartAsync(fixture.Cluster.EndPoints.Take(nodes), deleteOnClear, configure: o => o.ReplicaCount = replicas);
        try
        {
            await Steps.Array[1, 30].SampleAsync(async history => await Matches(storage, deleteOnClear, history), iter: 100, threads: 1);
        }
        finally
        {
            await storage.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> Matches(IGrainStorage storage, bool deleteOnClear, Step[] history)
    {
        var grain = GrainId.Create("model", Guid.NewGuid().ToString("N"));
        var model = new ContractModel(deleteOnClear);
        var activations = new[] { new Activation(), new Activation() };
        foreach (var step in history)
        {
            var activation = activations[step.Activation];
            var state = new TestGrainState<PackedState> { State = new PackedState { Counter = step.Value } };
            state.ETag = step.ETag switch
            {
                Presented.Current => activation.ETag,
                Presented.Stale => activation.Seen.Count > 0 ? activation.Seen[0] : null,
                _ => null,
            };
            var expectedOk = model.Accepts(state.ETag);
            switch (step.Kind)
            {
                case Kind.Read:
                    await storage.ReadStateAsync("state", grain, state);
                    if (state.RecordExists != model.Exists || state.State.Counter != model.Value || state.ETag != model.ETag)
                    {
                        return false;
                    }

                    break;
                case Kind.Write:
                    var written = await Outcome(() => storage.WriteStateAsync("state", grain, state));
                    if (written != expectedOk)
                    {
                        return false;
                    }

                    if (written)
                    {
                        model.Written(state.ETag!, step.Value);
                    }

                    break;
                case Kind.Clear:
                    var cleared = await Outcome(() => storage.ClearStateAsync("state", grain, state));
                    if (cleared != expectedOk)
                    {
                        return false;
                    }

                    if (cleared)
                    {
                        model.Cleared(state.ETag);
                    }

                    break;
            }

            if (state.ETag is { } etag && !activation.Seen.Contains(etag))
            {
                activation.Seen.Add(etag);
            }

            activation.ETag = step.Kind == Kind.Read || model.ETag == state.ETag ? state.ETag : activation.ETag;
        }

        return true;
    }

    private static async Task<bool> Outcome(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }

    private sealed class Activation
    {
        public string? ETag { get; set; }

        public List<string> Seen { get; } = [];
    }

    /// <summary>The contract: an operation succeeds iff it presents the stored ETag (none matches only "no record").</summary>
    private sealed class ContractModel(bool deleteOnClear)
    {
        public string? ETag { get; private set; }

        public bool Exists { get; private set; }

        public int Value { get; private set; }

        public bool Accepts(string? presented) => string.IsNullOrEmpty(presented) ? ETag is null : presented == ETag;

        public void Written(string etag, int value) => (ETag, Exists, Value) = (etag, true, value);

        public void Cleared(string? etag) => (ETag, Exists, Value) = (deleteOnClear ? null : etag, false, 0);
    }
}
