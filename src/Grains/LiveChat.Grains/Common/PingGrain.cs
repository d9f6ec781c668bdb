namespace LiveChat.Grains.Common;

using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

/// <summary>An empty grain call: stateless, so every silo answers it locally.</summary>
[StatelessWorker]
public sealed class PingGrain : Grain, IPingGrain
{
    /// <summary>The record <see cref="PingStorage"/> reads: never written, so the read costs one lookup.</summary>
    private static readonly GrainId Probe = GrainId.Create("livechat-readiness", "probe");

    public Task Ping() => Task.CompletedTask;

    public Task PingStorage() =>
        ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.LiveChat)
            .ReadStateAsync("readiness", Probe, new GrainState<StorageProbeState>());
}

/// <summary>The type <see cref="PingGrain.PingStorage"/> reads as: never written (the storage builds an empty one for an absent record).</summary>
[GenerateSerializer, Alias("LiveChat.StorageProbeState")]
public sealed class StorageProbeState;
