namespace LiveChat.Testing;

using Orleans.Core.Internal;

public static class ClusterExtensions
{
    /// <summary>Subscribes a new recorder to an agent's events (the console's view of R11).</summary>
    public static async Task<EventRecorder> RecordAgent(this IClusterClient client, string agentId)
    {
        var recorder = new EventRecorder();
        await client.Agent(agentId).Subscribe(client.CreateObjectReference<IAgentObserver>(recorder));
        return recorder;
    }

    public static async Task<EventRecorder> RecordChat(this IClusterClient client, string chatId)
    {
        var recorder = new EventRecorder();
        await client.Chat(chatId).Subscribe(client.CreateObjectReference<IChatObserver>(recorder));
        return recorder;
    }

    public static async Task<EventRecorder> RecordQueue(this IClusterClient client, string queueId)
    {
        var recorder = new EventRecorder();
        await client.Queue(queueId).Subscribe(client.CreateObjectReference<IQueueObserver>(recorder));
        return recorder;
    }

    /// <summary>Subscribes a new recorder to a queue's waiting-list changes (Q1, Q2: what a gateway receives for agents' consoles).</summary>
    public static async Task<EventRecorder> RecordWaiting(this IClusterClient client, string queueId)
    {
        var recorder = new EventRecorder();
        await client.Queue(queueId).SubscribeWaiting(client.CreateObjectReference<IQueueWaitingObserver>(recorder));
        return recorder;
    }

    /// <summary>Asks a grain's activation to go away, so the next call activates it from storage.</summary>
    public static async Task Deactivate(this IGrainFactory grains, IAddressable grain)
    {
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
    }
}
