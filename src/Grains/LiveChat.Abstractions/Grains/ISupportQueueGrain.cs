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
    /// <summary>
    /// B2, B4: whether the queue takes a live chat now (open, closed by its business hours, or no
    /// agent online), when it opens next, and its hours: what the end-user page shows before a chat.
    /// Refused (Directory, not found) for an unknown queue.
    /// </summary>
    [AlwaysInterleave, Alias("BusinessHours.GetAvailability")] Task<QueueAvailability> GetAvailability();
    [AlwaysInterleave, Alias("SearchAgents")] Task<IReadOnlyList<AgentSearchHit>> SearchAgents(string query, IReadOnlyList<string> excludedAgentIds, int max);

    // Notifications from agents and chats. One-way: the queue calls chats when it assigns,
    // so a chat or agent waiting on the queue here could deadlock.
    [OneWay, Alias("AgentChanged")] Task AgentChanged(AgentCard card);
    [OneWay, Alias("ChatWaiting")] Task ChatWaiting(string chatId, DateTimeOffset since, string? endUserName = null, string? preview = null);
    /// <summary>O2: like <see cref="ChatWaiting"/>, for a message left for the queue (an offline chat, O3).</summary>
    [OneWay, Alias("OfflineMessages.OfflineChatWaiting")] Task OfflineChatWaiting(string chatId, DateTimeOffset since, string? endUserName = null, string? preview = null);
    [OneWay, Alias("ChatActive")] Task ChatActive(string chatId);
    [OneWay, Alias("ChatGone")] Task ChatGone(string chatId);
    /// <summary>C5: the queue's satisfaction figures changed (from its ISatisfactionStatsGrain): shown with the figures.</summary>
    [OneWay, Alias("SatisfactionChanged")] Task SatisfactionChanged(SatisfactionFigures figures);
    /// <summary>SLA9: a chat's SLA state changed (or is re-told after a restart): flagged in the figures while not ok.</summary>
    [OneWay, Alias("Sla.ChatSlaChanged")] Task ChatSlaChanged(ChatSla sla);

    /// <summary>
    /// Q2: the first waiting chats (at most <see cref="QueueWaitingView.HeadSize"/>) and the number
    /// waiting, with the change number live pushes continue from. Refused (QueueAccess) like <see cref="ReadWaitingChats"/>.
    /// </summary>
    [AlwaysInterleave, Alias("LiveQueues.ReadWaitingView")] Task<QueueWaitingView> ReadWaitingView(string agentId);
    /// <summary>Q3: an active chat's dashboard card changed (kept with the chat in the active list).</summary>
    [OneWay, Alias("LiveQueues.ChatCardChanged")] Task ChatCardChanged(ActiveChatCard card);
    /// <summary>Q1: pushes every change of the waiting list; the subscriber decides per console who may see it.</summary>
    [Alias("LiveQueues.SubscribeWaiting")] Task SubscribeWaiting(IQueueWaitingObserver observer);
    /// <summary>
    /// Renews a waiting-list subscription (observers are transient). True when <paramref name="observer"/>
    /// was not subscribed to this activation (the queue woke up again, maybe on another silo, or the
    /// subscription expired): changes pushed since the last renewal may have reached no one, so its
    /// watchers read the list again.
    /// </summary>
    [Alias("Realtime.RenewWaitingSubscription")] Task<bool> RenewWaitingSubscription(IQueueWaitingObserver observer);
    [Alias("LiveQueues.UnsubscribeWaiting")] Task UnsubscribeWaiting(IQueueWaitingObserver observer);

    [Alias("Subscribe")] Task Subscribe(IQueueObserver observer);
    /// <summary>
    /// Renews a figures subscription (observers are transient). True when <paramref name="observer"/>
    /// was not subscribed to this activation; figures are a state, so the queue then pushes its current
    /// ones to it at once and nothing needs reading again.
    /// </summary>
    [Alias("Realtime.RenewSubscription")] Task<bool> RenewSubscription(IQueueObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IQueueObserver observer);
}
