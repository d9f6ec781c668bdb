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

    [Fact]
    public async Task Threads_racing_on_first_use_all_get_typed_references()
    {
        var queue = await Directory.Queue();
        var expected = Client.GetGrain<ISupportQueueGrain>(queue);
        var threads = Math.Max(4, Environment.ProcessorCount * 2);
        for (var round = 0; round < 100; round++)
        {
            var resolver = new GrainReferenceResolver<ISupportQueueGrain>();
            using var start = new Barrier(threads);
            // Each thread keeps asking while the others resolve and publish: a late reader must
            // never see the resolution half-written.
            var references = await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return Enumerable.Range(0, 50).Select(_ => (object)resolver.Get(Client, queue)).ToList();
            }, TaskCreationOptions.LongRunning)));
            foreach (var reference in references.SelectMany(r => r))
            {
                Assert.IsAssignableFrom<ISupportQueueGrain>(reference);
                Same(expected, (IAddressable)reference);
            }
        }
    }

    private static void Same(IAddressable expected, IAddressable actual)
    {
        Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)actual).InterfaceType);
    }
}
