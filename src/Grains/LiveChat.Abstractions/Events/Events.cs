namespace LiveChat.Events;

// Every record here is an immutable tree (no cycles, no shared identity), so the serializer need not
// track references: SuppressReferenceTracking saves that work on every call and state write.

using LiveChat.Model;

/// <summary>
/// A change in one chat. Every change appends a transcript entry, so every event carries the
/// entry and its sequence number: a subscriber that missed some reads "entries after N".
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.ChatEvent")]
public sealed record ChatEvent(
    [property: Id(0)] string ChatId,
    [property: Id(1)] TranscriptEntry Entry,
    [property: Id(2)] ChatStatus Status,
    [property: Id(3)] string? AssigneeId);

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
}

/// <summary>A change an agent console shows: its Invites list (R11), its chats, its presence.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentEvent")]
public sealed record AgentEvent(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentEventKind Kind,
    [property: Id(2)] string? ChatId,
    [property: Id(3)] Invite? Invite,
    [property: Id(4)] bool BrowserNotification);
