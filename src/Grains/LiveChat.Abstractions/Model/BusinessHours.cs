namespace LiveChat.Model;

// Business hours and leaving a message (docs/rules.md B1-B4, O1-O4). A queue's hours are wall-clock
// times of its own time zone; the chat service decides from them whether the queue is open, and
// the end-user page offers to leave a message when it is not (or when nobody is online).

/// <summary>
/// One opening of a week: <see cref="Day"/> is an English day name ("Monday"), <see cref="Opens"/>
/// and <see cref="Closes"/> are "HH:mm" wall-clock times in the queue's zone ("24:00" closes at
/// midnight). Strings on the wire, so a missing field is refused (B1) instead of read as a default.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("BusinessHours.OpeningSlot")]
public sealed record OpeningSlot(
    [property: Id(0)] string Day,
    [property: Id(1)] string Opens,
    [property: Id(2)] string Closes);

/// <summary>
/// When a queue takes live chats: its IANA time zone id ("Europe/Berlin"), its weekly openings,
/// and its holidays as dates ("2026-12-25") in that zone. A queue without business hours is always open.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("BusinessHours.BusinessHours")]
public sealed record BusinessHours(
    [property: Id(0)] string TimeZone,
    [property: Id(1)] IReadOnlyList<OpeningSlot> Weekly,
    [property: Id(2)] IReadOnlyList<string> Holidays)
{
    /// <summary>Openings a week at most (four a day).</summary>
    public const int MaxSlots = 28;

    /// <summary>Holidays a queue lists at most (past ones may be removed to make room).</summary>
    public const int MaxHolidays = 100;

    /// <summary>The longest time zone id taken.</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>Records compare lists by reference; two schedules are the same when their contents are.</summary>
    public bool SameAs(BusinessHours? other) => other is not null && TimeZone == other.TimeZone
        && (Weekly ?? []).SequenceEqual(other.Weekly ?? []) && (Holidays ?? []).SequenceEqual(other.Holidays ?? []);

    public static bool Same(BusinessHours? a, BusinessHours? b) => a is null ? b is null : a.SameAs(b);
}

/// <summary>Whether a queue takes a live chat now (B2, B4).</summary>
[GenerateSerializer, Alias("BusinessHours.AvailabilityState")]
public enum AvailabilityState
{
    /// <summary>Within business hours (or none set) and at least one agent of the queue online.</summary>
    Open,
    /// <summary>Outside business hours or on a holiday: a live chat is refused (B3); a message may be left.</summary>
    Closed,
    /// <summary>Within business hours but no agent of the queue online: a chat may start and wait, or a message be left.</summary>
    NoAgentsOnline,
}

/// <summary>
/// What the end-user page learns of a queue before a chat: its name, whether it is open, when it
/// opens next (UTC; null when open or when no opening lies within a year), and its hours.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("BusinessHours.QueueAvailability")]
public sealed record QueueAvailability(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string QueueName,
    [property: Id(2)] AvailabilityState State,
    [property: Id(3)] DateTimeOffset? NextOpening,
    [property: Id(4)] BusinessHours? BusinessHours);

/// <summary>
/// A message left for a queue (O1): becomes an offline chat of the queue, answered by its agents
/// later; the end user comes back to it with its chat token.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("OfflineMessages.LeaveMessageRequest")]
public sealed record LeaveMessageRequest(
    [property: Id(0)] string QueueId,
    [property: Id(1)] EndUserInfo EndUser,
    [property: Id(2)] string Contact,
    [property: Id(3)] string Text,
    // A retry with the same key returns the message already left (IdempotencyKeys).
    [property: Id(4)] string? IdempotencyKey = null);

public static class OfflineMessageLimits
{
    /// <summary>The shortest contact taken: an email address or a phone number has at least this many characters.</summary>
    public const int MinContactLength = 3;

    /// <summary>The longest contact taken (an email address's limit).</summary>
    public const int MaxContactLength = 254;
}
