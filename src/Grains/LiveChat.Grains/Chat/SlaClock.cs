namespace LiveChat.Grains.Chat;

/// <summary>
/// A chat's running response-time clock (SLA2, SLA3): what it measures, since when the customer
/// waits, the limit it was started with (a queue's later change applies to the next clock), and when
/// the limit passed once the chat recorded the breach (SLA5: at most one breach per clock).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Sla.SlaClock")]
public sealed record SlaClock(
    [property: Id(0)] SlaClockKind Kind,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] TimeSpan Limit,
    [property: Id(3)] DateTimeOffset? BreachedAt = null)
{
    public DateTimeOffset DueAt => Since + Limit;

    /// <summary>SLA4: the moment the clock turns due soon.</summary>
    public DateTimeOffset DueSoonAt => Since + Limit * SlaLimits.DueSoonShare;

    /// <summary>The next moment the clock changes state; null once it has nothing left to do but wait for an answer.</summary>
    public DateTimeOffset? NextMoment(DateTimeOffset now) => BreachedAt is not null ? null : now < DueSoonAt ? DueSoonAt : DueAt;

    public SlaStatus StatusAt(DateTimeOffset now) =>
        BreachedAt is not null || now >= DueAt ? SlaStatus.Breached : now >= DueSoonAt ? SlaStatus.DueSoon : SlaStatus.Ok;
}
