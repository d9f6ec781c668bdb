namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// One support queue (key: queue id): its settings and content, the agents who work it,
/// the chats waiting in arrival order, automatic assignment (S3), the invite search (R12)
/// and the live figures of the monitoring dashboard.
/// </summary>
[Alias("LiveChat.ISupportQueueGrain")]
public interface ISupportQueueGrain : IGrainWithStringKey
{
    [Alias("Configure")] Task<QueueInfo> Configure(QueueDefinition definition);
    /// <summary>Settings, canned text and articles, for other grains (chats read them while the queue may be calling them); consoles use <see cref="ReadInfo"/>.</summary>
    [AlwaysInterleave, Alias("GetInfo")] Task<QueueInfo?> GetInfo();
    [AlwaysInterleave, Alias("GetFigures")] Task<QueueFigures> GetFigures();
    [AlwaysInterleave, Alias("GetWaitingChats")] Task<IReadOnlyList<WaitingChat>> GetWaitingChats();
    /// <summary>The queue as an agent's console reads it: refused (QueueAccess) unless the agent works or supervises this queue.</summary>
    [AlwaysInterleave, Alias("ReadInfo")] Task<QueueInfo> ReadInfo(string agentId);
    /// <summary>The waiting chats as an agent's console reads them: refused (QueueAccess) unless the agent works or supervises this queue.</summary>
    [AlwaysInterleave, Alias("ReadWaitingChats")] Task<IReadOnlyList<WaitingChat>> ReadWaitingChats(string agentId);
    /// <summary>
    /// One page of the waiting chats, oldest first, for long queues: <paramref name="take"/> from 1
    /// to <see cref="WaitingChatsPage.MaxTake"/> chats after the first <paramref name="skip"/>.
    /// Refused (QueueAccess) like <see cref="ReadWaitingChats"/>, and for a skip or take out of range.
    /// </summary>
    [AlwaysInterleave, Alias("ReadWaitingPage")] Task<WaitingChatsPage> ReadWaitingPage(string agentId, int skip, int take);
    /// <summary>R12: online agents of this queue holding ESChat_Agent whose name or email contains the query.</summary>
    [AlwaysInterleave, Alias("SearchAgents")] Task<IReadOnlyList<AgentSearchHit>> SearchAgents(string query, IReadOnlyList<string> excludedAgentIds, int max);

    // Notifications from agents and chats. One-way: the queue calls chats when it assigns,
    // so a chat or agent waiting on the queue here could deadlock.
    [OneWay, Alias("AgentChanged")] Task AgentChanged(AgentCard card);
    [OneWay, Alias("ChatWaiting")] Task ChatWaiting(string chatId, DateTimeOffset since, string? endUserName = null, string? preview = null);
    [OneWay, Alias("ChatActive")] Task ChatActive(string chatId);
    [OneWay, Alias("ChatGone")] Task ChatGone(string chatId);
    /// <summary>C5: the queue's satisfaction figures changed (from its ISatisfactionStatsGrain): shown with the figures.</summary>
    [OneWay, Alias("SatisfactionChanged")] Task SatisfactionChanged(SatisfactionFigures figures);
    /// <summary>SLA9: a chat's SLA state changed (or is re-told after a restart): flagged in the figures while not ok.</summary>
    [OneWay, Alias("Sla.ChatSlaChanged")] Task ChatSlaChanged(ChatSla sla);

    [Alias("Subscribe")] Task Subscribe(IQueueObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IQueueObserver observer);
}
