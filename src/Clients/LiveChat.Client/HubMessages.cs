namespace LiveChat.Client;

using System.Text.Json.Serialization;

// What the gateway's SignalR hub (/hubs/livechat) pushes, by method name. These are not in the
// OpenAPI document (it describes HTTP only), so they are written here over the generated DTOs;
// LiveChat.Gateway.Tests checks them against the gateway's own push records.

/// <summary>
/// "chatEvent": a new entry in a chat this connection watches. An agent receives the chat's
/// numbers and the assignee; the end user its own form (its own sequence numbers, agents by alias,
/// no assignee).
/// </summary>
public sealed record ChatEventMessage(string ChatId, TranscriptEntry Entry, ChatStatus Status, string? AssigneeId = null);

/// <summary>What an <see cref="AgentEventMessage"/> tells its agent.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentEventKind>))]
public enum AgentEventKind
{
    InviteReceived,
    InviteUpdated,
    InviteClosed,
    ChatAssigned,
    ChatUnassigned,
    ChatJoined,
    ChatLeft,
    PresenceChanged,
    SettingsChanged,
    DirectoryChanged,
    SentInviteExpired,
    SentOfferDeclined,
    SentOfferAccepted,
    /// <summary>SLA5: a chat of a queue this supervisor supervises ran past a response-time limit (<see cref="AgentEventMessage.Sla"/>).</summary>
    SlaBreached,
}

/// <summary>"agentEvent": a change of the signed-in agent's own data: its Invites list, chats, presence.</summary>
// Seq: for the transfer offer answers (T5, T6) and SLA breaches (SLA5), the chat's sequence number of the transcript entry that recorded it.
// Sla: for SLA breaches, the chat's response-time state.
public sealed record AgentEventMessage(string AgentId, AgentEventKind Kind, string? ChatId, Invite? Invite, bool BrowserNotification, long? Seq = null,
    ChatSla? Sla = null);

/// <summary>"typing": someone in a watched chat is typing. To the end user an agent is named by its per-chat alias.</summary>
public sealed record TypingMessage(string ChatId, ActorKind ActorKind, string ActorId, string? ActorName = null);

/// <summary>"chatAccessEnded": this connection no longer receives the chat (its agent left it); watching again is checked anew.</summary>
public sealed record ChatAccessEndedMessage(string ChatId);

/// <summary>What a <see cref="QueueWaitingMessage"/> says happened to the waiting list (Q2).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WaitingChange>))]
public enum WaitingChange
{
    Arrived,
    Left,
}

/// <summary>
/// "queueWaiting" (Q1, Q2): one change of a watched queue's waiting list: the chat that changed, the
/// number waiting in all, and the first waiting chats (at most <see cref="QueueWaitingView.HeadSize"/>)
/// only when the change touched them. Apply it when its <see cref="Seq"/> follows the view's within the
/// same <see cref="Epoch"/>; otherwise watch again.
/// </summary>
public sealed record QueueWaitingMessage(string QueueId, string Epoch, long Seq, WaitingChange Change, string ChatId, int Total, IReadOnlyList<WaitingChat>? Head);

/// <summary>What <c>WatchWaiting</c> answers (Q2): the first waiting chats, the number waiting, and the change number pushes continue from.</summary>
public sealed record QueueWaitingView(string QueueId, string Epoch, long Seq, int Total, IReadOnlyList<WaitingChat> Head)
{
    /// <summary>The most waiting chats a console receives.</summary>
    public const int HeadSize = 20;
}

/// <summary>"queueAccessEnded" (Q1): this connection no longer receives the queue's waiting list (its agent left the queue).</summary>
public sealed record QueueAccessEndedMessage(string QueueId);

/// <summary>"queueWaitingStale" (Q1): pushes were held while the agent's directory entry was re-read; read the queue again.</summary>
public sealed record QueueWaitingStaleMessage(string QueueId);

/// <summary>
/// "chatStale": the chat's events may not all have arrived (its grain moved to another silo):
/// read the chat and its transcript after the last sequence number applied.
/// </summary>
public sealed record ChatStaleMessage(string ChatId);

/// <summary>"agentStale": the agent's events (invites, chats joined) may not all have arrived: read them again.</summary>
public sealed record AgentStaleMessage(string AgentId);
