namespace LiveChat.Grains.Tests;

using Orleans.Runtime;

/// <summary>The references the grains and the gateway build without Orleans' per-call interface lookup.</summary>
public sealed class GrainReferencesTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task References_resolved_once_per_interface_address_the_grain_Orleans_would()
    {
        var queue = await Directory.Queue();
        var agent = await Directory.Agent(queue);
        // Both interfaces resolve once each: their caches must not mix.
        Same(Client.GetGrain<ISupportQueueGrain>(queue), GrainReferences<ISupportQueueGrain>.Get(Client, queue));
        Same(Client.GetGrain<IAgentGrain>(agent), GrainReferences<IAgentGrain>.Get(Client, agent));

        Assert.Equal(queue, (await GrainReferences<ISupportQueueGrain>.Get(Client, queue).GetInfo())!.QueueId);
        Assert.Equal(agent, (await GrainReferences<IAgentGrain>.Get(Client, agent).GetSnapshot()).AgentId);
    }

    private static void Same(IAddressable expected, IAddressable actual)
    {
        Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)actual).InterfaceType);
    }
}
