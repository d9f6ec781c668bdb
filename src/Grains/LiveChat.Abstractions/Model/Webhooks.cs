namespace LiveChat.Model;

// Webhooks (docs/rules.md W1–W9, and E9 for erasure): admins register HTTPS endpoints per event type; the chat hands
// each committed event to a per-endpoint outbox grain that delivers it signed, in order, with retries.

/// <summary>
/// What a webhook can subscribe to. Each has a wire name (<see cref="WebhookEventNames"/>). Values are
/// appended only: stored subscriptions keep their meaning. OfferAnswered (a transfer offer accepted or
/// declined) and CsatReceived (a satisfaction rating stored) are W9.
/// </summary>
[GenerateSerializer, Alias("LiveChat.WebhookEventType")]
public enum WebhookEventType
{
    ChatStarted,
    ChatAssigned,
    ChatEnded,
    MessagePosted,
    InviteSent,
    InviteAnswered,
    OfferAnswered,
    CsatReceived,
}

/// <summary>The names events carry on the wire ("type" in the body, X-LiveChat-Event header) and the admin API takes.</summary>
public static class WebhookEventNames
{
    private static readonly Dictionary<WebhookEventType, string> Names = new()
    {
        [WebhookEventType.ChatStarted] = "chat.started",
        [WebhookEventType.ChatAssigned] = "chat.assigned",
        [WebhookEventType.ChatEnded] = "chat.ended",
        [WebhookEventType.MessagePosted] = "message.posted",
        [WebhookEventType.InviteSent] = "invite.sent",
        [WebhookEventType.InviteAnswered] = "invite.answered",
        [WebhookEventType.OfferAnswered] = "offer.answered",
        [WebhookEventType.CsatReceived] = "csat.received",
    };

    public static IReadOnlyCollection<string> All => Names.Values;

    public static string Of(WebhookEventType type) => Names[type];

    public static bool TryParse(string? name, out WebhookEventType type)
    {
        foreach (var (key, value) in Names)
        {
            if (value == name) { type = key; return true; }
        }
        type = default;
        return false;
    }
}

/// <summary>A registered endpoint as admins see it: never its secret (shown once, at registration).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] string? Description,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy);

/// <summary>What registering answers: the endpoint and its signing secret, which is never shown again.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookRegistration")]
public sealed record WebhookRegistration(
    [property: Id(0)] WebhookEndpoint Endpoint,
    [property: Id(1)] string Secret);

/// <summary>What an admin asks to register; the registry checks every field.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookEndpointRequest")]
public sealed record WebhookEndpointRequest(
    [property: Id(0)] string? Url,
    [property: Id(1)] IReadOnlyList<string>? Events,
    [property: Id(2)] string? Description = null);

/// <summary>How one delivery attempt (or the fate of a delivery) went.</summary>
[GenerateSerializer, Alias("LiveChat.WebhookOutcome")]
public enum WebhookOutcome
{
    /// <summary>The receiver answered 2xx: the delivery is done.</summary>
    Delivered,
    /// <summary>The receiver failed (non-2xx, timeout, refused connection); it is tried again later.</summary>
    Failed,
    /// <summary>Still failing after the retry window (LiveChat:Webhooks:RetryFor): given up.</summary>
    GaveUp,
    /// <summary>
    /// Not sent: the outbox was full and the oldest pending delivery made room for a new one (W5), or
    /// the chat it came from was erased (E9); the line's error says which.
    /// </summary>
    Dropped,
}

/// <summary>One line of an endpoint's delivery log: an attempt, or a delivery given up or dropped.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookLogEntry")]
public sealed record WebhookLogEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string DeliveryId,
    [property: Id(3)] string Event,
    [property: Id(4)] int Attempt,
    [property: Id(5)] WebhookOutcome Outcome,
    [property: Id(6)] int? StatusCode,
    [property: Id(7)] string? Error,
    [property: Id(8)] long DurationMs);

/// <summary>Log lines newest first; <see cref="Before"/> reads the next older page (0: none left). <see cref="Pending"/>: deliveries waiting.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookLogPage")]
public sealed record WebhookLogPage(
    [property: Id(0)] IReadOnlyList<WebhookLogEntry> Entries,
    [property: Id(1)] long Before,
    [property: Id(2)] int Pending);

/// <summary>One change to the webhook registry: who registered or deleted which endpoint, when (never its secret).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookAuditEntry")]
public sealed record WebhookAuditEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ActorId,
    [property: Id(3)] string Action,
    [property: Id(4)] WebhookEndpoint Endpoint);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookAuditSlice")]
public sealed record WebhookAuditSlice(
    [property: Id(0)] IReadOnlyList<WebhookAuditEntry> Entries,
    [property: Id(1)] long Before);
