namespace Sessions.Client;

/// <summary>
/// Makes references to grains of one interface keyed by strings. Orleans' <c>GetGrain&lt;T&gt;(key)</c> resolves the
/// interface's grain interface type by reading its attributes on every call (a few percent of a front-end's CPU per
/// request); this resolves the interface type and grain type with the first reference and builds the others from them.
/// The session grains name their grain types (<c>[GrainType("session")]</c>, <c>[GrainType("usersessions")]</c>), so
/// what was resolved stays true across deployments.
/// </summary>
/// <typeparam name="TGrain">The grain interface.</typeparam>
internal sealed class GrainReferences<TGrain>(IGrainFactory grains)
    where TGrain : IGrainWithStringKey
{
    // Thread-safe without a lock: racing first calls each resolve the same types, and a reader sees either null or a whole record.
    private Resolved? _resolved;

    public TGrain Get(string key)
    {
        if (_resolved is { } resolved)
        {
            return (TGrain)grains.GetGrain(GrainId.Create(resolved.GrainType, key), resolved.InterfaceType);
        }

        TGrain grain = grains.GetGrain<TGrain>(key);
        if (grain is GrainReference reference)
        {
            _resolved = new Resolved(reference.GrainId.Type, reference.InterfaceType);
        }

        return grain;
    }

    private sealed record Resolved(GrainType GrainType, GrainInterfaceType InterfaceType);
}
