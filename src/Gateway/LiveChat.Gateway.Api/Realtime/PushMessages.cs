namespace LiveChat.Gateway.Realtime;

// What consoles receive over the hub, by method name: chatEvent, agentEvent, queueFigures, typing,
// chatAccessEnded, queueWaiting (QueueWaitingEvent), queueAccessEnded, queueWaitingStale, chatStale,
// agentStale. The chat's audience never leaves the gateway.

/// <summary>A chat event as an agent in the chat receives it ("chatEvent").</summary>
public sealed record AgentChatEvent(string ChatId, TranscriptEntry Entry, ChatStatus Status, string? AssigneeId);

/// <summary>
/// What the end user receives of a chat event ("chatEvent"): its own form of the entry (its own
/// sequence number, agents by alias), never the assignee id, and only entries meant for everyone.
/// </summary>
public sealed record EndUserChatEvent(string ChatId, TranscriptEntry Entry, ChatStatus Status);

/// <summary>
/// "chatAccessEnded": this connection no longer receives the chat's events, because its agent is no
/// longer in the chat. Watching it again goes through the chat's A11 check.
/// </summary>
public sealed record ChatAccessEnded(string ChatId);

/// <summary>Someone in a chat is typing ("typing"). To the end user an agent is named by its per-chat alias.</summary>
public sealed record TypingSignal(string ChatId, ActorKind ActorKind, string ActorId, string? ActorName = null);

/// <summary>
/// "queueAccessEnded" (Q1): this connection no longer receives the queue's waiting list, because its
/// agent no longer works or supervises the queue. Watching it again is checked anew.
/// </summary>
public sealed record QueueAccessEnded(string QueueId);

/// <summary>
/// "queueWaitingStale" (Q1): pushes of the queue were held back while the gateway re-read the
/// agent's changed directory entry, and the agent may still read the queue: read it again.
/// </summary>
public sealed record QueueWaitingStale(string QueueId);

/// <summary>
/// "chatStale": the chat had lost this gateway's subscription (it moved to another silo, or the
/// subscription expired), so some of its events may not have arrived: read the chat and its
/// transcript after the last sequence number shown. What is read is checked like any read (A11).
/// </summary>
public sealed record ChatStale(string ChatId);

/// <summary>"agentStale": like <see cref="ChatStale"/>, for the agent's own events (invites, chats joined): read them again.</summary>
public sealed record AgentStale(string AgentId);

internal static class PushMethods
{
    public const string ChatEvent = "chatEvent";
    public const string AgentEvent = "agentEvent";
    public const string QueueFigures = "queueFigures";
    public const string Typing = "typing";
    public const string ChatAccessEnded = "chatAccessEnded";
    public const string QueueWaiting = "queueWaiting";
    public const string QueueAccessEnded = "queueAccessEnded";
    public const string QueueWaitingStale = "queueWaitingStale";
    public const string ChatStale = "chatStale";
    public const string AgentStale = "agentStale";
}
