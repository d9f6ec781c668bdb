namespace LiveChat.Grains.Webhooks;

using System.Diagnostics.Metrics;

/// <summary>
/// Webhook figures (meter "LiveChat.Webhooks"): attempts by outcome
/// [livechat_webhook_attempts_total{outcome}], deliveries given up and dropped because an outbox was full
/// [livechat_webhook_dropped_total{reason}].
/// </summary>
public static class WebhookMetrics
{
    public const string MeterName = "LiveChat.Webhooks";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("livechat_webhook_attempts", description: "Webhook delivery attempts by outcome");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("livechat_webhook_dropped", description: "Webhook deliveries dropped (outbox full) or given up");

    public static void Attempt(bool succeeded) => Attempts.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "delivered" : "failed"));

    public static void Lost(WebhookOutcome why) => Dropped.Add(1, new KeyValuePair<string, object?>("reason", why == WebhookOutcome.Dropped ? "outbox_full" : "gave_up"));
}
