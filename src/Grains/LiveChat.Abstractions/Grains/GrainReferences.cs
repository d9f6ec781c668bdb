namespace LiveChat.Grains;

using Orleans.Runtime;

/// <summary>
/// References to string-keyed grains without Orleans' per-call interface lookup: its GetGrain
/// resolves the interface by reflection every time (custom attributes and a type-name format),
/// which was about 5% of the gateway's CPU per HTTP request in a profile. An interface's grain
/// type and interface type never change, so they are resolved once, by one ordinary GetGrain.
/// </summary>
public static class GrainReferences<TGrain> where TGrain : IGrainWithStringKey
{
    private static (GrainType Type, GrainInterfaceType Interface)? _resolved;

    public static TGrain Get(IGrainFactory grains, string key)
    {
        // A race resolves twice to the same answer: harmless.
        var (type, interfaceType) = _resolved ??= Resolve(grains);
        return (TGrain)grains.GetGrain(GrainId.Create(type, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve(IGrainFactory grains)
    {
        var sample = (GrainReference)(object)grains.GetGrain<TGrain>("-");
        return (sample.GrainId.Type, sample.InterfaceType);
    }
}
