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
