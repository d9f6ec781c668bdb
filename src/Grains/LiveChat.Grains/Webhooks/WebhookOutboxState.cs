namespace LiveChat.Grains.Webhooks;

/// <summary>
/// What an endpoint's outbox persists, bounded by <see cref="WebhookOptions"/>: the pending deliveries in
/// event order (at most MaxPending), the newest delivery log lines (LogSize) and the newest delivered ids
/// (RememberDelivered).
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.WebhookOutboxState")]
public sealed class WebhookOutboxState
{
    [Id(0)] public List<WebhookPending> Pending { get; set; } = [];
    [Id(1)] public List<WebhookLogEntry> Log { get; set; } = [];
    [Id(2)] public long LastLogSeq { get; set; }
    [Id(3)] public List<string> Delivered { get; set; } = [];
    /// <summary>The endpoint was deleted: nothing more is queued or sent.</summary>
    [Id(4)] public bool Closed { get; set; }
    /// <summary>
    /// E9: the newest chats erased (at most RememberDelivered ids; ids only, as a tombstone keeps them):
    /// an event of theirs handed off after the erasure (a router still holding it) is not queued.
    /// </summary>
    [Id(180)] public List<string> ErasedChats { get; set; } = [];
}
