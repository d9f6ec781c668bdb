namespace LiveChat.Model;

// Every record here is an immutable tree (no cycles, no shared identity), so the serializer need not
// track references: SuppressReferenceTracking saves that work on every call and state write.

/// <summary>
/// Who did something: an agent, the end user, or the system itself. What the end user receives
/// names an agent by its per-chat alias (never its sign-in id) with its display name in
/// <see cref="Name"/>; stored entries carry no name.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Actor")]
public sealed record Actor(
    [property: Id(0)] ActorKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] string? Name = null)
{
    public static Actor System { get; } = new(ActorKind.System, "system");
    public static Actor Agent(string agentId) => new(ActorKind.Agent, agentId);
    public static Actor EndUser(string endUserId) => new(ActorKind.EndUser, endUserId);
}

/// <summary>
/// The customer of a chat. <see cref="Verified"/> is set only when the host website vouched for
/// the customer with a visitor token the gateway verified; otherwise the name is what was typed.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.EndUser")]
public sealed record EndUserInfo(
    [property: Id(0)] string EndUserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] VerifiedVisitor? Verified = null);

/// <summary>An identity a host website signed for its visitor (an "identified visitor"): which site, and who the customer is there.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.VerifiedVisitor")]
public sealed record VerifiedVisitor(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string? Email);

/// <summary>Metadata of a file sent in a chat; the bytes live in an attachment store.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AttachmentInfo")]
public sealed record AttachmentInfo(
    [property: Id(0)] string AttachmentId,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Size);

/// <summary>
/// One line of the append-only transcript, the chat's audit trail. <see cref="Seq"/> is per chat,
/// starts at 1 and has no gaps: a console that saw N asks for the entries after N.
/// <see cref="PublicSeq"/> numbers only the entries the end user sees (also from 1, no gaps), so
/// the end user's numbers never reveal hidden entries; null on hidden entries and on entries
/// stored before it existed (those are numbered when read). What the end user receives carries
/// its public number in <see cref="Seq"/>.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.TranscriptEntry")]
public sealed record TranscriptEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Actor Actor,
    [property: Id(3)] EntryKind Kind,
    [property: Id(4)] Visibility Visibility,
    [property: Id(5)] string Text,
    [property: Id(6)] string? RefId = null,
    [property: Id(7)] AttachmentInfo? Attachment = null,
    [property: Id(8)] long? PublicSeq = null);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.TranscriptSlice")]
public sealed record TranscriptSlice(
    [property: Id(0)] IReadOnlyList<TranscriptEntry> Entries,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] bool HasMore);

/// <summary>An agent in a chat other than its assignee: an invitee or a supervisor who joined (R13).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.ChatMember")]
public sealed record ChatMember(
    [property: Id(0)] string AgentId,
    [property: Id(1)] JoinMode Mode,
    [property: Id(2)] DateTimeOffset JoinedAt,
    [property: Id(3)] string? InviteId,
    [property: Id(4)] string? Name = null);

[GenerateSerializer, Alias("LiveChat.InviteHistoryKind")]
public enum InviteHistoryKind { Sent, ModeChanged, Resent, Accepted, Rejected, Cancelled, Expired, Closed }

/// <summary>One step in an invite's life, kept so the inviter can see every response with its time (R9, R10).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.InviteHistoryEntry")]
public sealed record InviteHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] InviteHistoryKind Kind,
    [property: Id(2)] JoinMode Mode,
    [property: Id(3)] string ActorId);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Invite")]
public sealed record Invite(
    [property: Id(0)] string InviteId,
    [property: Id(1)] string ChatId,
    [property: Id(2)] string QueueId,
    [property: Id(3)] string InviterId,
    [property: Id(4)] string InviteeId,
    [property: Id(5)] JoinMode Mode,
    [property: Id(6)] InviteStatus Status,
    [property: Id(7)] DateTimeOffset SentAt,
    [property: Id(8)] DateTimeOffset ExpiresAt,
    [property: Id(9)] IReadOnlyList<InviteHistoryEntry> History,
    [property: Id(10)] string? InviteeName = null,
    // Transfer offers (rules T1-T9) travel the invite lifecycle: fields from 40 up.
    [property: Id(40)] InviteKind Kind = InviteKind.Invite,
    [property: Id(41)] bool SenderStays = false,
    [property: Id(42)] string? ToQueueId = null,
    [property: Id(43)] string? InviterName = null,
    [property: Id(44)] string? EndUserName = null)
{
    /// <summary>How the transcript and consoles name the invitee.</summary>
    public string InviteeDisplayName => InviteeName ?? InviteeId;

    /// <summary>A transfer offer (T1-T9) rather than an invite to join.</summary>
    public bool IsOffer => Kind == InviteKind.TransferOffer;
}

/// <summary>
/// What an entry of the chat's invite list (and of the receiver's Invites list) asks for. Invites
/// are appended first so stored invites read as invites.
/// </summary>
[GenerateSerializer, Alias("LiveChat.InviteKind")]
public enum InviteKind
{
    /// <summary>Join the chat as Participant or Monitor (R1-R15).</summary>
    Invite,
    /// <summary>
    /// Take the chat over as its assignee (T1-T9). <see cref="Invite.SenderStays"/> says whether the
    /// sender stays as Participant; <see cref="Invite.ToQueueId"/> is the queue the chat is in after.
    /// Status <see cref="InviteStatus.Rejected"/> means declined.
    /// </summary>
    TransferOffer,
}

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.TicketInfo")]
public sealed record TicketInfo(
    [property: Id(0)] string TicketId,
    [property: Id(1)] string Summary,
    [property: Id(2)] string CreatedBy,
    [property: Id(3)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.RemoteAccessRequest")]
public sealed record RemoteAccessRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string RequestedBy,
    [property: Id(2)] DateTimeOffset RequestedAt);

/// <summary>The whole state of a chat as an agent in it sees it (A11).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.ChatSnapshot")]
public sealed record ChatSnapshot(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] ChatStatus Status,
    [property: Id(3)] EndUserInfo EndUser,
    [property: Id(4)] string? AssigneeId,
    [property: Id(5)] IReadOnlyList<ChatMember> Members,
    [property: Id(6)] IReadOnlyList<Invite> Invites,
    [property: Id(7)] IReadOnlyList<KnowledgeArticle> PinnedArticles,
    [property: Id(8)] IReadOnlyList<KnowledgeArticle> SharedArticles,
    [property: Id(9)] IReadOnlyList<AttachmentInfo> Attachments,
    [property: Id(10)] IReadOnlyList<TicketInfo> Tickets,
    [property: Id(11)] IReadOnlyList<RemoteAccessRequest> RemoteAccessRequests,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] long LastSeq,
    [property: Id(14)] EndReason? EndReason,
    [property: Id(15)] string? AssigneeName = null,
    // C1-C4: the end user's rating once it rated the ended chat.
    [property: Id(35)] SatisfactionRating? Satisfaction = null,
    // O2: a message left for the queue (an offline chat), and how its end user asked to be answered.
    [property: Id(140)] bool Offline = false,
    [property: Id(141)] string? Contact = null,
    // SLA4: where the chat stands against its queue's response-time limits.
    [property: Id(120)] ChatSla? Sla = null,
    // A1-A11: what the agent who asked may do in this chat by its role, as the chat's action table
    // decides (the consoles offer these and keep no copy of the table); none when nobody asked.
    // The chat's status still applies: an ended chat takes no message whatever the role.
    [property: Id(240)] IReadOnlyList<ChatAction>? Allowed = null,
    // The longest text a message, side note or ticket summary may have here (the consoles' input limit).
    [property: Id(241)] int MaxTextLength = ChatLimits.MaxTextLength);

/// <summary>
/// What the end user may know of its chat: never monitors, invites or side notes. Agents are named
/// by their per-chat aliases (<see cref="AgentsInChat"/>, never sign-in ids) and display names;
/// <see cref="LastSeq"/> is the end user's own (public) sequence number.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.EndUserChatView")]
public sealed record EndUserChatView(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] ChatStatus Status,
    [property: Id(3)] IReadOnlyList<string> AgentsInChat,
    [property: Id(4)] IReadOnlyList<KnowledgeArticle> SharedArticles,
    [property: Id(5)] long LastSeq,
    [property: Id(6)] IReadOnlyList<AttachmentInfo> Attachments,
    [property: Id(7)] IReadOnlyList<string>? AgentNames = null,
    // C1: the chat ended and its queue asks for a rating: the page offers the form until it is rated or late.
    [property: Id(27)] bool SatisfactionAsked = false,
    [property: Id(28)] SatisfactionRating? Satisfaction = null,
    [property: Id(29)] DateTimeOffset? RateBefore = null,
    // O4: the chat is a message the end user left (its page shows the link to come back with).
    [property: Id(140)] bool Offline = false);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.StartChatRequest")]
public sealed record StartChatRequest(
    [property: Id(0)] string QueueId,
    [property: Id(1)] EndUserInfo EndUser,
    [property: Id(2)] string? FirstMessage,
    // A retry with the same key returns the chat already started instead of refusing (IdempotencyKeys).
    [property: Id(3)] string? IdempotencyKey = null);

public static class ChatLimits
{
    /// <summary>The longest text a message, note or ticket summary may have.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Entries returned by one transcript read at most.</summary>
    public const int MaxPageRead = 500;

    /// <summary>
    /// The longest id (of a chat, agent, queue, invite, attachment, article...) the grains accept;
    /// the gateway holds ids in routes to the same limit.
    /// </summary>
    public const int MaxIdLength = 128;

    /// <summary>
    /// The longest email address accepted anywhere (an agent's in the directory, a verified visitor's,
    /// a sign-in claim naming an agent): RFC 5321's limit on an address.
    /// </summary>
    public const int MaxEmailLength = 254;
}

/// <summary>What became of an automatic assignment the queue asked a chat for.</summary>
[GenerateSerializer, Alias("LiveChat.AssignOutcome")]
public enum AssignOutcome
{
    Assigned,
    /// <summary>The chat is no longer waiting (taken, transferred or ended meanwhile): drop it from the queue.</summary>
    ChatNotWaiting,
    /// <summary>The agent is offline or at capacity: try another.</summary>
    AgentUnavailable,
}
