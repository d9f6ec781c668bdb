namespace LiveChat.Testing;

using Orleans.Runtime;
using Orleans.Storage;

/// <summary>Fails grain calls the <see cref="FaultPlan"/> names, before the grain runs them.</summary>
internal sealed class FaultInjectionCallFilter(FaultPlan plan) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var key = context.TargetId.Key.ToString() ?? "";
        if (plan.ShouldFailCall(context.MethodName, key))
            throw new InjectedFaultException($"Injected fault: {context.InterfaceName}.{context.MethodName} on {key}");
        return context.Invoke();
    }
}

/// <summary>Wraps the real storage; fails the writes the <see cref="FaultPlan"/> names without storing them.</summary>
internal sealed class FaultInjectingGrainStorage(IGrainStorage inner, FaultPlan plan, StateWrites writes) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (plan.ShouldFailWrite(stateName, grainId.Key.ToString() ?? ""))
            throw new InjectedFaultException($"Injected fault: write of {stateName} for {grainId}");
        writes.Record(stateName, grainId.Key.ToString() ?? "", grainState.State);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
