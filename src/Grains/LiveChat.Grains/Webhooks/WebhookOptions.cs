namespace LiveChat.Grains.Webhooks;

/// <summary>Webhook delivery settings (section <c>LiveChat:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "LiveChat:Webhooks";

    /// <summary>
    /// W3: endpoints on loopback, private, link-local or other non-public addresses, and plain http,
    /// are refused unless this is on (tests, a receiver inside the same network on purpose).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>The most endpoints the registry holds.</summary>
    public int MaxEndpoints { get; set; } = 20;

    /// <summary>W5: the most deliveries one endpoint's outbox holds; past it the oldest is dropped.</summary>
    public int MaxPending { get; set; } = 500;

    /// <summary>W4: a delivery still failing this long after its event is given up.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>W4: the wait after the first failure; each further failure doubles it up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>W6: one attempt waits this long for the receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a silo's router trusts the endpoint list it read: a new endpoint gets events at most this late.</summary>
    public TimeSpan RouteCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The delivery log lines one endpoint keeps (the newest).</summary>
    public int LogSize { get; set; } = 200;

    /// <summary>Delivered ids an outbox remembers, so an event handed off twice is delivered once (W7).</summary>
    public int RememberDelivered { get; set; } = 1000;
}
