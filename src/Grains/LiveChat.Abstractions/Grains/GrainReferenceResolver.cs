namespace LiveChat.Grains;

using Orleans.Runtime;

/// <summary>
/// Builds references to <typeparamref name="TGrain"/> from its grain type and interface type,
/// resolved by one ordinary GetGrain on first use (see <see cref="GrainReferences{TGrain}"/>).
/// </summary>
public sealed class GrainReferenceResolver<TGrain> where TGrain : IGrainWithStringKey
{
    // A reference, published whole: threads racing on first use may each resolve (same answer),
    // but none can read half of it. (A cached struct pair could be read torn: its "has value"
    // flag set before the types, which made GetGrain return an untyped GrainReference.)
    private Resolved? _resolved;

    public TGrain Get(IGrainFactory grains, string key)
    {
        var resolved = Volatile.Read(ref _resolved) ?? Resolve(grains);
        return (TGrain)grains.GetGrain(GrainId.Create(resolved.Type, key), resolved.Interface);
    }

    private Resolved Resolve(IGrainFactory grains)
    {
        var sample = (GrainReference)(object)grains.GetGrain<TGrain>("-");
        var resolved = new Resolved(sample.GrainId.Type, sample.InterfaceType);
        Volatile.Write(ref _resolved, resolved);
        return resolved;
    }

    private sealed record Resolved(GrainType Type, GrainInterfaceType Interface);
}
