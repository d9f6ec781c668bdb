namespace LiveChat.Gateway.Realtime;

using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Endpoints;
using LiveChat.Gateway.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

/// <summary>
/// Real-time push to consoles. An agent's connection receives its own events (Invites list,
/// assignments); it asks to watch a chat or, as a supervisor, a queue. An end user's connection
/// receives its one chat, filtered. Every chat event carries its sequence number: after a
/// reconnect a console reads "transcript?after=N" over HTTP and misses nothing.
/// </summary>
/// <summary>Someone in a chat is typing.</summary>
public sealed record TypingSignal(string ChatId, ActorKind ActorKind, string ActorId);

[Authorize]
public sealed class LiveChatHub(GrainEventBridge bridge, IGrainFactory grains, DirectoryEnforcer directory) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (user.IsEndUser())
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, GrainEventBridge.ChatEndUserGroup(user.ChatId()));
            await bridge.Watch(Context.ConnectionId, $"chat:{user.ChatId()}");
        }
        else
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, GrainEventBridge.AgentGroup(user.Id()));
            await bridge.Watch(Context.ConnectionId, $"agent:{user.Id()}");
            await directory.Track(Context);
        }
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await bridge.UnwatchAll(Context.ConnectionId);
        directory.Forget(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts pushing a chat's events to this agent connection; returns the chat as it is now (A11 decides).</summary>
    [Authorize(Policy = LiveChatClaims.AgentPolicy)]
    public async Task<ChatSnapshot> WatchChat(string chatId)
    {
        EnsurePlausible(chatId);
        var snapshot = await Refusable(() => grains.Chat(chatId).GetSnapshot(Context.User!.Id()));
        await Groups.AddToGroupAsync(Context.ConnectionId, GrainEventBridge.ChatAgentsGroup(chatId));
        await bridge.Watch(Context.ConnectionId, $"chat:{chatId}");
        return snapshot;
    }

    [Authorize(Policy = LiveChatClaims.AgentPolicy)]
    public async Task UnwatchChat(string chatId)
    {
        EnsurePlausible(chatId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GrainEventBridge.ChatAgentsGroup(chatId));
        await bridge.Unwatch(Context.ConnectionId, $"chat:{chatId}");
    }

    /// <summary>Live figures of a supervised queue for the monitoring dashboard.</summary>
    [Authorize(Policy = LiveChatClaims.SupervisorPolicy)]
    public async Task<QueueFigures> WatchQueue(string queueId)
    {
        EnsurePlausible(queueId);
        await Refusable(async () =>
        {
            await SupervisorEndpoints.EnsureSupervises(grains, Context.User!.Id(), queueId);
            return true;
        });
        await Groups.AddToGroupAsync(Context.ConnectionId, GrainEventBridge.QueueGroup(queueId));
        await bridge.Watch(Context.ConnectionId, $"queue:{queueId}");
        return await grains.Queue(queueId).GetFigures();
    }

    /// <summary>
    /// Typing indicator: relayed to the others in the chat, never stored. An agent must be allowed
    /// to chat (A7), so a monitor can never give itself away; an end user types in its own chat.
    /// </summary>
    public async Task Typing(string chatId)
    {
        EnsurePlausible(chatId);
        var user = Context.User!;
        var signal = new TypingSignal(chatId, user.IsEndUser() ? ActorKind.EndUser : ActorKind.Agent, user.Id());
        if (user.IsEndUser())
        {
            if (user.ChatId() != chatId) throw new HubException("Auth: an end user types only in its own chat.");
            await Clients.Group(GrainEventBridge.ChatAgentsGroup(chatId)).SendAsync("typing", signal);
            return;
        }
        await Refusable(async () =>
        {
            await grains.Chat(chatId).EnsureMayChat(user.Id());
            return true;
        });
        await Clients.GroupExcept(GrainEventBridge.ChatAgentsGroup(chatId), Context.ConnectionId).SendAsync("typing", signal);
        await Clients.Group(GrainEventBridge.ChatEndUserGroup(chatId)).SendAsync("typing", signal);
    }

    /// <summary>Answers at once: lets a console (or a benchmark) measure its round trip through the gateway.</summary>
    public string Echo(string payload) => payload;

    private static void EnsurePlausible(string? id)
    {
        if (!RouteIds.IsPlausible(id)) throw new HubException($"Route: {RouteIds.Unknown(id).Reason}");
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
