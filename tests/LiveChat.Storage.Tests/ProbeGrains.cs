namespace LiveChat.Storage.Tests;

/// <summary>What a probe grain sees of its persistent state.</summary>
[GenerateSerializer]
[Alias("LiveChat.Storage.Tests.ProbeSnapshot")]
public sealed class ProbeSnapshot
{
    [Id(0)] public int Count { get; set; }

    [Id(1)] public string? Label { get; set; }

    [Id(2)] public bool RecordExists { get; set; }

    [Id(3)] public string? ETag { get; set; }
}

[Alias("LiveChat.Storage.Tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task Set(int count, string label);

    [Alias("Clear")]
    Task Clear();

    [Alias("Get")]
    Task<ProbeSnapshot> Get();
}

/// <summary>Persists through the provider named "x".</summary>
public sealed class NamedProbeGrain([PersistentState("s", "x")] IPersistentState<CounterState> state) : ProbeGrain(state), INamedProbeGrain;

/// <summary>Persists through the default provider (no storage name given).</summary>
public sealed class DefaultProbeGrain([PersistentState("s")] IPersistentState<CounterState> state) : ProbeGrain(state), IDefaultProbeGrain;

public abstract class ProbeGrain(IPersistentState<CounterState> state) : Grain, IProbeGrain
{
    public Task Set(int count, string label)
    {
        state.State.Count = count;
        state.State.Label = label;
        return state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task<ProbeSnapshot> Get() => Task.FromResult(new ProbeSnapshot
    {
        Count = state.State.Count,
        Label = state.State.Label,
        RecordExists = state.RecordExists,
        ETag = state.Etag,
    });
}

/// <summary>Separate interfaces so each test addresses the grain class backed by the provider it tests.</summary>
[Alias("LiveChat.Storage.Tests.INamedProbeGrain")]
public interface INamedProbeGrain : IProbeGrain;

[Alias("LiveChat.Storage.Tests.IDefaultProbeGrain")]
public interface IDefaultProbeGrain : IProbeGrain;
