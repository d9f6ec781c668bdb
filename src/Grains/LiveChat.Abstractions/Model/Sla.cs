namespace LiveChat.Model;

// Response-time SLAs per queue (docs/rules.md SLA1-SLA9): how long a customer may wait for the first
// answer and for each next answer, and what the queue does about a chat past its limit.

/// <summary>Which of a queue's response-time limits a chat's clock measures.</summary>
[GenerateSerializer, Alias("LiveChat.Sla.SlaClockKind")]
public enum SlaClockKind
{
    /// <summary>No clock runs (the chat's state is Ok).</summary>
    None,
    /// <summary>SLA2: from the chat's start to the first agent message.</summary>
    FirstResponse,
    /// <summary>SLA3: from the end user's first unanswered message to the next agent message.</summary>
    Reply,
}

/// <summary>Where a chat stands against its running clock (SLA4).</summary>
[GenerateSerializer, Alias("LiveChat.Sla.SlaStatus")]
public enum SlaStatus
{
    /// <summary>No clock runs, or less than <see cref="SlaLimits.DueSoonShare"/> of its limit has passed.</summary>
    Ok,
    /// <summary>The clock runs and its limit is near.</summary>
    DueSoon,
    /// <summary>The clock ran past its limit; stays so until an agent answers.</summary>
    Breached,
}

/// <summary>What a queue does with a chat past its limit, beside flagging it and alerting its supervisors (SLA6, SLA7).</summary>
[GenerateSerializer, Alias("LiveChat.Sla.SlaBreachAction")]
public enum SlaBreachAction
{
    /// <summary>Flag and alert only.</summary>
    None,
    /// <summary>SLA6: offer the chat (a transfer offer, T1-T9) to another online agent of the queue.</summary>
    OfferToAnotherAgent,
    /// <summary>SLA7: return the chat to the queue, keeping its customer's place in line.</summary>
    ReturnToQueue,
}

/// <summary>
/// A chat's SLA state as the dashboard, the chat's agents and the supervisors' alerts read it.
/// <see cref="Since"/> is when the customer began to wait for the answer the clock measures,
/// <see cref="DueAt"/> when the limit passes, <see cref="BreachedAt"/> when it passed (null unless breached).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Sla.ChatSla")]
public sealed record ChatSla(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] SlaStatus Status,
    [property: Id(3)] SlaClockKind Clock = SlaClockKind.None,
    [property: Id(4)] DateTimeOffset? Since = null,
    [property: Id(5)] DateTimeOffset? DueAt = null,
    [property: Id(6)] DateTimeOffset? BreachedAt = null);

/// <summary>The bounds of a queue's SLA settings (SLA1) and the dashboard's share of them.</summary>
public static class SlaLimits
{
    /// <summary>The shortest limit a queue may set, in seconds: below it no agent can read and answer.</summary>
    public const int MinSeconds = 10;
    /// <summary>The longest limit, in seconds (24 hours): a longer one is no live-chat promise.</summary>
    public const int MaxSeconds = 86_400;
    /// <summary>SLA4: a clock is due soon once this share of its limit has passed.</summary>
    public const double DueSoonShare = 0.8;
    /// <summary>SLA9: the most flagged chats a queue's figures list (most overdue first).</summary>
    public const int MaxFlagged = 200;
    /// <summary>SLA5: the most supervisors of one queue a breach alert is pushed to.</summary>
    public const int MaxAlerted = 50;
}
