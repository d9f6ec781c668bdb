namespace LiveChat.Gateway.Realtime;

using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Endpoints;
using LiveChat.Gateway.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

/// <summary>
/// Real-time push to consoles. An agent's connection receives its own events (Invites list,
/// assignments); it asks to watch a chat (the chat decides, A11) or, as a supervisor, a queue. An
/// end user's connection receives its one chat, in its own form. Who receives which chat event is
/// decided per event from the chat's audience (<see cref="PushFanOut"/>), not by groups joined once:
/// an agent who leaves the chat stops receiving it. Every chat event carries its sequence number:
/// after a reconnect a console watches again and reads "transcript?after=N" over HTTP.
/// </summary>
[Authorize]
public sealed class LiveChatHub(GrainEventBridge bridge, PushFanOut fanOut, IGrainFactory grains, DirectoryEnforcer directory) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (user.IsEndUser())
        {
            await bridge.Watch(new ChatKey(user.ChatId()), new Watcher(Context.ConnectionId, Viewer.EndUser(user.Id())));
            // A waiting chat whose end user has no connection (and no activity) for a while ends.
            await grains.Chat(user.ChatId()).EndUserConnected(user.Id(), Context.ConnectionId);
        }
        else
        {
            await bridge.Watch(new AgentKey(user.Id()), new Watcher(Context.ConnectionId, Viewer.Agent(user.Id())));
            await directory.Track(Context);
        }
        await base.OnConnectedAsync();
        // SignalR completes the client's handshake before this method runs, so a client that acts
        // right after connecting could miss a push made before the watch above was in place. This
        // message says the connection is subscribed: clients wait for it before they catch up.
        await Clients.Caller.SendAsync(ReadyMessage);
    }

    /// <summary>The push that tells a client its connection is subscribed (sent once per connection).</summary>
    public const string ReadyMessage = "ready";

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await bridge.UnwatchAll(Context.ConnectionId);
        if (Context.User!.IsEndUser()) await grains.Chat(Context.User!.ChatId()).EndUserDisconnected(Context.User!.Id(), Context.ConnectionId);
        directory.Forget(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts pushing a chat's events to this agent connection; returns the chat as it is now (A11 decides).</summary>
    [Authorize(Policy = LiveChatClaims.AgentPolicy)]
    public async Task<ChatSnapshot> WatchChat(string chatId)
    {
        EnsurePlausible(chatId);
        var agentId = Context.User!.Id();
        ChatSnapshot snapshot;
        try
        {
            snapshot = await Refusable(() => grains.Chat(chatId).GetSnapshot(agentId));
        }
        catch (HubException)
        {
            // Refused now (A11): a watch this connection still had (say, watching again after a
            // chatStale for a chat it left meanwhile) ends here, not at the chat's next event.
            await bridge.Unwatch(new ChatKey(chatId), Context.ConnectionId);
            throw;
        }
        if (!await bridge.WatchChat(Context.ConnectionId, agentId, chatId, snapshot.LastSeq))
            throw new HubException("A11: You are no longer in this chat.");
        return snapshot;
    }

    [Authorize(Policy = LiveChatClaims.AgentPolicy)]
    public async Task UnwatchChat(string chatId)
    {
        EnsurePlausible(chatId);
        await bridge.Unwatch(new ChatKey(chatId), Context.ConnectionId);
    }

    /// <summary>Live figures of a supervised queue for the monitoring dashboard.</summary>
    [Authorize(Policy = LiveChatClaims.SupervisorPolicy)]
    public async Task<QueueFigures> WatchQueue(string queueId)
    {
        EnsurePlausible(queueId);
        var agentId = Context.User!.Id();
        await Refusable(async () =>
        {
            await SupervisorEndpoints.EnsureSupervises(grains, agentId, queueId);
            return true;
        });
        await bridge.Watch(new QueueKey(queueId), new Watcher(Context.ConnectionId, Viewer.Agent(agentId)));
        return await grains.Queue(queueId).GetFigures();
    }

    /// <summary>
    /// Q1, Q2: live waiting list of a queue the agent works or supervises (QueueAccess, asked of the
    /// queue, which asks the agent's grain). Answers the first waiting chats and the number waiting
    /// with the change number "queueWaiting" pushes continue from; every push is checked again for
    /// this connection (<see cref="PushFanOut.Waiting"/>).
    /// </summary>
    [Authorize(Policy = LiveChatClaims.AgentPolicy)]
    public async Task<QueueWaitingView> WatchWaiting(string queueId)
    {
        EnsurePlausible(queueId);
        var agentId = Context.User!.Id();
        var queue = grains.Queue(queueId);
        await Refusable(() => queue.ReadWaitingView(agentId));
        // The check every later push passes: refused here too, so no watch outlives it by a push.
        if (directory.MayReadQueue(Context.ConnectionId, queueId) == QueueRead.Refused)
            throw new HubException($"QueueAccess: Only the agents and supervisors of queue '{queueId}' may read it.");
        await bridge.Watch(new WaitingKey(queueId), new Watcher(Context.ConnectionId, Viewer.Agent(agentId)));
        // Read again once watched: the console applies only pushes numbered after this view, so no
        // change falls between the read and the watch.
        return await Refusable(() => queue.ReadWaitingView(agentId));
    }

    [Authorize(Policy = LiveChatClaims.AgentPolicy)]
    public async Task UnwatchWaiting(string queueId)
    {
        EnsurePlausible(queueId);
        await bridge.Unwatch(new WaitingKey(queueId), Context.ConnectionId);
    }

    /// <summary>
    /// Typing indicator: relayed to the others watching the chat, never stored. An agent must be
    /// allowed to chat (A7), so a monitor can never give itself away, and the end user sees it
    /// under its alias; an end user types in its own chat.
    /// </summary>
    public async Task Typing(string chatId)
    {
        EnsurePlausible(chatId);
        var user = Context.User!;
        if (user.IsEndUser())
        {
            if (user.ChatId() != chatId) throw new HubException("Auth: an end user types only in its own chat.");
            fanOut.Typing(chatId, new TypingSignal(chatId, ActorKind.EndUser, user.Id()), forEndUser: null, Context.ConnectionId);
            return;
        }
        var seenByEndUser = await Refusable(() => grains.Chat(chatId).EnsureMayChatSeenByEndUser(user.Id()));
        fanOut.Typing(chatId, new TypingSignal(chatId, ActorKind.Agent, user.Id()),
            new TypingSignal(chatId, ActorKind.Agent, seenByEndUser.Id, seenByEndUser.Name), Context.ConnectionId);
    }

    /// <summary>Answers at once: lets a console (or a benchmark) measure its round trip through the gateway.</summary>
    public string Echo(string payload) => payload;

    private static void EnsurePlausible(string? id)
    {
        if (RouteIds.Check(id) is { } refusal) throw new HubException($"Route: {refusal.Reason}");
    }

    /// <summary>A refusal reaches the console as a hub error naming the rule, like the HTTP problem's ruleId.</summary>
    private static async Task<T> Refusable<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RuleViolationException refusal)
        {
            throw new HubException($"{refusal.RuleId}: {refusal.Reason}");
        }
    }
}
