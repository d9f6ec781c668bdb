namespace LiveChat.Grains.Webhooks;

/// <summary>
/// One event a chat committed, as it hands it off (W1). <see cref="EventId"/> is "chatId:seq" of the
/// transcript entry it came from: the same event always has the same id, so each endpoint derives the
/// same delivery id from it however often it is handed off (W7). <see cref="Payload"/> is the JSON body.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookEvent")]
public sealed record WebhookEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] WebhookEventType Type,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string Payload,
    [property: Id(4)] string ChatId = "",
    [property: Id(5)] long Seq = 0);

/// <summary>One delivery waiting in an endpoint's outbox.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.WebhookPending")]
public sealed class WebhookPending
{
    [Id(0)] public string DeliveryId { get; set; } = "";
    [Id(1)] public WebhookEventType Type { get; set; }
    /// <summary>The body without its delivery id; the id is added when sent (the same on every attempt).</summary>
    [Id(2)] public string Payload { get; set; } = "";
    [Id(3)] public DateTimeOffset OccurredAt { get; set; }
    [Id(4)] public int Attempts { get; set; }
    [Id(5)] public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>The chat and its entry the event came from: an outbox keeps one chat's waiting events in this order.</summary>
    [Id(6)] public string ChatId { get; set; } = "";
    [Id(7)] public long Seq { get; set; }
}
