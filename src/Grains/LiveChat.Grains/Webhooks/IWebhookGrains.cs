namespace LiveChat.Grains.Webhooks;

/// <summary>
/// A silo-local router (stateless worker): takes a chat's committed events one-way, so the chat never
/// waits, and hands each to the outbox of every endpoint subscribed to its type.
/// </summary>
[Alias("LiveChat.IWebhookRouterGrain")]
public interface IWebhookRouterGrain : IGrainWithIntegerKey
{
    [OneWay, Alias("Publish")] Task Publish(IReadOnlyList<WebhookEvent> events);
}

/// <summary>One endpoint's outbox (key: endpoint id): its persisted, bounded queue of deliveries and its delivery log.</summary>
[Alias("LiveChat.IWebhookOutboxGrain")]
public interface IWebhookOutboxGrain : IGrainWithStringKey
{
    /// <summary>Stores the events (ids already queued or recently delivered are skipped) and starts delivering.</summary>
    [Alias("Enqueue")] Task Enqueue(IReadOnlyList<WebhookEvent> events);
    [AlwaysInterleave, Alias("ReadLog")] Task<WebhookLogPage> ReadLog(long before, int max);
    /// <summary>The endpoint was deleted: its pending deliveries are dropped and its reminder removed.</summary>
    [Alias("Close")] Task Close();
    /// <summary>
    /// E9: the chat is being erased: its waiting deliveries are removed from the stored outbox (each
    /// leaves a log line without content), and its events handed off later are refused.
    /// </summary>
    [Alias("Wh5Withdraw")] Task Withdraw(string chatId);
}

/// <summary>The registry's side for the other webhook grains: routes for routers, the target (with its secret) for an outbox.</summary>
[Alias("LiveChat.IWebhookTargets")]
public interface IWebhookTargets : IGrainWithStringKey
{
    [AlwaysInterleave, Alias("GetRoutes")] Task<IReadOnlyList<WebhookRoute>> GetRoutes();
    /// <summary>Null once the endpoint is deleted.</summary>
    [AlwaysInterleave, Alias("GetTarget")] Task<WebhookTarget?> GetTarget(string endpointId);
}

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookRoute")]
public sealed record WebhookRoute(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] IReadOnlyList<WebhookEventType> Events);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WebhookTarget")]
public sealed record WebhookTarget(
    [property: Id(0)] string Url,
    [property: Id(1)] string Secret);
