namespace LiveChat.Gateway.Realtime;

using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

/// <summary>
/// The one place that sends pushes to connections. For a chat event it sends each watcher only
/// what its identity may see according to the audience the chat decided for that event: agents in
/// the chat get the entry (audit-only entries only its audit readers), the end user its own form
/// of it or nothing. A watching agent no longer in the audience is dropped and told
/// ("chatAccessEnded"), so it receives none of this event nor any later one. The gateway decides
/// nothing itself: without an audience an event reaches no agent.
/// </summary>
public sealed class PushFanOut(SubscriptionRegistry registry, IHubContext<LiveChatHub> hub, DirectoryEnforcer directory, ILogger<PushFanOut> logger)
{
    private static readonly ChatAudience Nobody = new([], []);

    // Per watched chat, the audience of the newest event seen: typing goes to it, and a watch that
    // raced with a leave is caught by it (see IsStillIn).
    private readonly ConcurrentDictionary<string, (long Seq, ChatAudience Audience)> _audiences = new();

    /// <summary>Fans one chat event out; answers the chat's key when its last watcher was dropped.</summary>
    public ChatKey? Chat(ChatEvent chatEvent)
    {
        var audience = chatEvent.Audience ?? Nobody;
        // Remember first, then read the watchers: a watch added meanwhile is either seen here or
        // sees this audience when it checks itself (IsStillIn).
        _audiences.AddOrUpdate(chatEvent.ChatId, (chatEvent.Entry.Seq, audience),
            (_, known) => known.Seq > chatEvent.Entry.Seq ? known : (chatEvent.Entry.Seq, audience));
        var key = new ChatKey(chatEvent.ChatId);
        List<string>? agents = null, endUsers = null, ended = null;
        foreach (var watcher in registry.WatchersOf(key))
        {
            var viewer = watcher.Viewer;
            if (viewer.Kind == ViewerKind.EndUser)
            {
                if (chatEvent.EndUserEntry is not null) (endUsers ??= []).Add(watcher.ConnectionId);
            }
            else if (!audience.IsIn(viewer.Id))
            {
                (ended ??= []).Add(watcher.ConnectionId);
            }
            else if (audience.MaySee(viewer.Id, chatEvent.Entry.Visibility))
            {
                (agents ??= []).Add(watcher.ConnectionId);
            }
        }
        if (agents is not null)
            Send(agents, PushMethods.ChatEvent, new AgentChatEvent(chatEvent.ChatId, chatEvent.Entry, chatEvent.Status, chatEvent.AssigneeId));
        if (endUsers is not null)
            Send(endUsers, PushMethods.ChatEvent, new EndUserChatEvent(chatEvent.ChatId, chatEvent.EndUserEntry!, chatEvent.Status));
        if (ended is null) return null;
        var emptied = false;
        foreach (var connectionId in ended) emptied |= registry.Remove(key, connectionId);
        Send(ended, PushMethods.ChatAccessEnded, new ChatAccessEnded(chatEvent.ChatId));
        if (!emptied) return null;
        Forget(chatEvent.ChatId);
        return key;
    }

    /// <summary>
    /// False when an event newer than <paramref name="seenSeq"/> (the chat as the agent was let in)
    /// already left the agent out: a watch that raced with the agent leaving must not stay.
    /// </summary>
    public bool IsStillIn(string chatId, string agentId, long seenSeq) =>
        !_audiences.TryGetValue(chatId, out var known) || known.Seq <= seenSeq || known.Audience.IsIn(agentId);

    /// <summary>The chat is no longer watched here: its audience goes stale, so forget it.</summary>
    public void Forget(string chatId) => _audiences.TryRemove(chatId, out _);

    /// <summary>
    /// Relays typing to the others watching the chat: agents in its last known audience (every
    /// agent watcher passed A11 when it started watching, and leaving drops it) and, when the
    /// typist is an agent, the end user with the agent under its alias.
    /// </summary>
    public void Typing(string chatId, TypingSignal forAgents, TypingSignal? forEndUser, string fromConnectionId)
    {
        var audience = _audiences.TryGetValue(chatId, out var known) ? known.Audience : null;
        List<string>? agents = null, endUsers = null;
        foreach (var watcher in registry.WatchersOf(new ChatKey(chatId)))
        {
            if (watcher.ConnectionId == fromConnectionId) continue;
            if (watcher.Viewer.Kind == ViewerKind.EndUser)
            {
                if (forEndUser is not null) (endUsers ??= []).Add(watcher.ConnectionId);
            }
            else if (audience is null || audience.IsIn(watcher.Viewer.Id))
            {
                (agents ??= []).Add(watcher.ConnectionId);
            }
        }
        if (agents is not null) Send(agents, PushMethods.Typing, forAgents);
        if (endUsers is not null) Send(endUsers, PushMethods.Typing, forEndUser!);
    }

    public void Agent(AgentEvent agentEvent) => SendToWatchers(new AgentKey(agentEvent.AgentId), PushMethods.AgentEvent, agentEvent);

    public void Queue(QueueFigures figures) => SendToWatchers(new QueueKey(figures.QueueId), PushMethods.QueueFigures, figures);

    /// <summary>
    /// Q1: fans a change of a queue's waiting list out to the consoles watching it, each checked now
    /// by the same directory data its watch was allowed on: a console whose agent no longer works or
    /// supervises the queue is dropped and told ("queueAccessEnded"). Answers the key when its last
    /// watcher was dropped.
    /// </summary>
    public WaitingKey? Waiting(QueueWaitingEvent waiting)
    {
        var key = new WaitingKey(waiting.QueueId);
        List<string>? allowed = null, ended = null;
        foreach (var watcher in registry.WatchersOf(key))
        {
            switch (directory.MayReadQueue(watcher.ConnectionId, waiting.QueueId))
            {
                case QueueRead.Allowed:
                    (allowed ??= []).Add(watcher.ConnectionId);
                    break;
                case QueueRead.Refused:
                    (ended ??= []).Add(watcher.ConnectionId);
                    break;
            }
        }
        if (allowed is not null) Send(allowed, PushMethods.QueueWaiting, waiting);
        if (ended is null) return null;
        var emptied = false;
        foreach (var connectionId in ended) emptied |= registry.Remove(key, connectionId);
        Send(ended, PushMethods.QueueAccessEnded, new QueueAccessEnded(waiting.QueueId));
        return emptied ? key : null;
    }

    /// <summary>
    /// The grain behind <paramref name="key"/> had lost this gateway's subscription, so its pushes
    /// since may have reached no one: its watchers are told to read again ("chatStale", "agentStale",
    /// Q1's "queueWaitingStale"). The notice names only what they watch; what they read is checked
    /// like any read: an agent that left the chat meanwhile is refused its new watch and dropped
    /// (<see cref="LiveChatHub.WatchChat"/>), and the chat's next event checks every watcher anyway.
    /// </summary>
    public void Stale(PushKey key)
    {
        switch (key)
        {
            case ChatKey chat:
                SendToWatchers(key, PushMethods.ChatStale, new ChatStale(chat.ChatId));
                break;
            case AgentKey agent:
                SendToWatchers(key, PushMethods.AgentStale, new AgentStale(agent.AgentId));
                break;
            case WaitingKey waiting:
                SendToWatchers(key, PushMethods.QueueWaitingStale, new QueueWaitingStale(waiting.QueueId));
                break;
        }
    }

    private void SendToWatchers(PushKey key, string method, object message)
    {
        var watchers = registry.WatchersOf(key);
        if (watchers.IsEmpty) return;
        Send(watchers.Select(w => w.ConnectionId).ToList(), method, message);
    }

    // One send per payload: SignalR serializes it once for all the connections.
    private void Send(IReadOnlyList<string> connectionIds, string method, object message) =>
        hub.Clients.Clients(connectionIds).SendAsync(method, message)
            .ContinueWith(t => logger.LogWarning(t.Exception, "A push to consoles failed"), TaskContinuationOptions.OnlyOnFaulted);
}
