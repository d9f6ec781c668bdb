namespace LiveChat.Model;

// The monitoring dashboard's view of an active chat (Q3): who the customer is, who works the chat
// and how, and what is pending in it. The chat builds it after each change and tells its queue.

/// <summary>A member of an active chat as the dashboard names it: who, and in which mode.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Dashboard.ActiveChatMember")]
public sealed record ActiveChatMember(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] JoinMode Mode);

/// <summary>A pending invite or transfer offer of an active chat: to whom, in which mode, until when.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Dashboard.PendingInviteCard")]
public sealed record PendingInviteCard(
    [property: Id(0)] string InviteId,
    [property: Id(1)] InviteKind Kind,
    [property: Id(2)] string InviteeId,
    [property: Id(3)] string InviteeName,
    [property: Id(4)] JoinMode Mode,
    [property: Id(5)] DateTimeOffset ExpiresAt);

/// <summary>
/// One active chat on the monitoring dashboard (Q3). <see cref="Seq"/> is the chat's transcript
/// sequence number when the card was made: a queue keeps the newer of two cards. <see cref="Waited"/>
/// is how long the customer waited before the chat was taken (set by the queue).
/// <see cref="SlaState"/> is reserved for service-level agreements, which this build does not
/// evaluate: always null (the dashboard shows "—").
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Dashboard.ActiveChatCard")]
public sealed record ActiveChatCard(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] string CustomerName,
    [property: Id(3)] string? AssigneeId,
    [property: Id(4)] string? AssigneeName,
    [property: Id(5)] IReadOnlyList<ActiveChatMember> Members,
    [property: Id(6)] IReadOnlyList<PendingInviteCard> Pending,
    [property: Id(7)] DateTimeOffset WaitingSince,
    [property: Id(8)] long Seq,
    [property: Id(9)] TimeSpan? Waited = null,
    [property: Id(10)] string? SlaState = null)
{
    /// <summary>Same content (the sequence number aside): a chat tells its queue only when something shown changed.</summary>
    public bool Shows(ActiveChatCard other) =>
        ChatId == other.ChatId && QueueId == other.QueueId && CustomerName == other.CustomerName
        && AssigneeId == other.AssigneeId && AssigneeName == other.AssigneeName && WaitingSince == other.WaitingSince
        && Members.SequenceEqual(other.Members) && Pending.SequenceEqual(other.Pending) && SlaState == other.SlaState;
}
