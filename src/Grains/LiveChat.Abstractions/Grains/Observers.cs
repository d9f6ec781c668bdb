namespace LiveChat.Grains;

using LiveChat.Events;
using LiveChat.Model;

// Observers are transient: a subscription expires unless renewed, so subscribers call
// Subscribe again periodically and catch up by sequence number after a gap.

[Alias("LiveChat.IChatObserver")]
public interface IChatObserver : IGrainObserver
{
    [Alias("OnChatEvent")]
    void OnChatEvent(ChatEvent chatEvent);
}

[Alias("LiveChat.IAgentObserver")]
public interface IAgentObserver : IGrainObserver
{
    [Alias("OnAgentEvent")]
    void OnAgentEvent(AgentEvent agentEvent);
}

[Alias("LiveChat.IQueueObserver")]
public interface IQueueObserver : IGrainObserver
{
    [Alias("OnQueueFigures")]
    void OnQueueFigures(QueueFigures figures);
}

/// <summary>Q1, Q2: a queue's waiting list changed (pushed to gateways whose consoles watch it).</summary>
[Alias("LiveQueues.IQueueWaitingObserver")]
public interface IQueueWaitingObserver : IGrainObserver
{
    [Alias("LiveQueues.OnQueueWaiting")]
    void OnQueueWaiting(QueueWaitingEvent waiting);
}
