namespace LiveChat.Events;

// Every record here is an immutable tree (no cycles, no shared identity), so the serializer need not
// track references: SuppressReferenceTracking saves that work on every call and state write.

using LiveChat.Model;

/// <summary>
/// A change in one chat. Every change appends a transcript entry, so every event carries the
/// entry and its sequence number: a subscriber that missed some reads "entries after N".
/// The chat also says who may receive it (<see cref="Audience"/>, decided by the chat after this
/// change) and what the end user receives of it (<see cref="EndUserEntry"/>: aliases and its own
/// sequence number; null when the end user must not see the entry). A subscriber forwards it to
/// nobody else: an event without an audience (from an older silo) reaches no agent.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.ChatEvent")]
public sealed record ChatEvent(
    [property: Id(0)] string ChatId,
    [property: Id(1)] TranscriptEntry Entry,
    [property: Id(2)] ChatStatus Status,
    [property: Id(3)] string? AssigneeId,
    [property: Id(4)] ChatAudience? Audience = null,
    [property: Id(5)] TranscriptEntry? EndUserEntry = null);

/// <summary>
/// Who may receive a chat's events now. <see cref="Agents"/>: the agents in the chat (assignee and
/// members), who see entries meant for agents and for everyone. <see cref="AuditReaders"/>: those
/// of them who may also read audit-only entries (the assignee and supervisors of the chat's queue
/// who joined per R13). An agent in neither list is no longer in the chat.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.ChatAudience")]
public sealed record ChatAudience(
    [property: Id(0)] IReadOnlyList<string> Agents,
    [property: Id(1)] IReadOnlyList<string> AuditReaders)
{
    public bool MaySee(string agentId, Visibility visibility) => visibility switch
    {
        Visibility.Audit => AuditReaders.Contains(agentId),
        _ => Agents.Contains(agentId),
    };

    public bool IsIn(string agentId) => Agents.Contains(agentId);
}

[GenerateSerializer, Alias("LiveChat.AgentEventKind")]
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
    /// <summary>The agent's directory data (role, permissions, queues, disabled) changed: a gateway re-checks what its sessions may do.</summary>
    DirectoryChanged,
    /// <summary>
    /// An invite this agent sent expired unanswered (R14). Told to the inviter's own list of events, so the
    /// inviter learns it even when no one has the chat open (the chat may have expired it after a restart).
    /// </summary>
    SentInviteExpired,
    /// <summary>T6: the receiver declined a transfer offer this agent sent (the offer says who and when).</summary>
    SentOfferDeclined,
    /// <summary>T5: the receiver accepted a transfer offer this agent sent; the chat is now the receiver's.</summary>
    SentOfferAccepted,
    /// <summary>SLA5: a chat of a queue this agent supervises ran past a response-time limit (<see cref="AgentEvent.Sla"/>; Seq: the transcript entry that recorded it).</summary>
    SlaBreached,
}

/// <summary>A change an agent console shows: its Invites list (R11), its chats, its presence.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentEvent")]
public sealed record AgentEvent(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentEventKind Kind,
    [property: Id(2)] string? ChatId,
    [property: Id(3)] Invite? Invite,
    [property: Id(4)] bool BrowserNotification,
    // The chat's sequence number of the transcript entry that recorded this step, where one did
    // (the offer answers, T5/T6): a console that missed it reads the chat's "entries after N".
    [property: Id(40)] long? Seq = null,
    // SLA5: the chat's SLA state with a breach alert.
    [property: Id(120)] ChatSla? Sla = null);
