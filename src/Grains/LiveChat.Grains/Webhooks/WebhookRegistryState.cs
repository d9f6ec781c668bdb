namespace LiveChat.Grains.Webhooks;

/// <summary>An endpoint as the registry stores it: with its secret, which only outboxes read.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.WebhookEndpointRecord")]
public sealed class WebhookEndpointRecord
{
    [Id(0)] public WebhookEndpoint Endpoint { get; set; } = null!;
    [Id(1)] public string Secret { get; set; } = "";
}

/// <summary>The registry's state: at most MaxEndpoints endpoints and the newest <see cref="WebhookRegistryGrain.AuditKept"/> audit entries.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.WebhookRegistryState")]
public sealed class WebhookRegistryState
{
    [Id(0)] public List<WebhookEndpointRecord> Endpoints { get; set; } = [];
    [Id(1)] public List<WebhookAuditEntry> Audit { get; set; } = [];
    [Id(2)] public long LastAuditSeq { get; set; }
}
