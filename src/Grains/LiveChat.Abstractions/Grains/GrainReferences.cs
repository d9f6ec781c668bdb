namespace LiveChat.Grains;

/// <summary>
/// References to string-keyed grains without Orleans' per-call interface lookup: its GetGrain
/// resolves the interface by reflection every time (custom attributes and a type-name format),
/// which was about 5% of the gateway's CPU per HTTP request in a profile. An interface's grain
/// type and interface type never change, so they are resolved once per process.
/// </summary>
public static class GrainReferences<TGrain> where TGrain : IGrainWithStringKey
{
    private static readonly GrainReferenceResolver<TGrain> Shared = new();

    public static TGrain Get(IGrainFactory grains, string key) => Shared.Get(grains, key);
}
