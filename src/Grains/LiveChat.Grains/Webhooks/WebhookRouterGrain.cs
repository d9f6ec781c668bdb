namespace LiveChat.Grains.Webhooks;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Fans a chat's events out to the subscribed endpoints' outboxes. A stateless worker, so every silo
/// routes its own chats' events locally; the registry's routes come through the silo's
/// <see cref="WebhookRouteCache"/>. Each endpoint gets its own delivery id per event (W7).
/// </summary>
[StatelessWorker]
public sealed class WebhookRouterGrain(WebhookRouteCache routeCache, ILogger<WebhookRouterGrain> logger) : Grain, IWebhookRouterGrain
{
    public async Task Publish(IReadOnlyList<WebhookEvent> events)
    {
        var routes = await routeCache.Routes(() => GrainFactory.WebhookTargets(IWebhookRegistryGrain.Key).GetRoutes());
        foreach (var route in routes)
        {
            var mine = events.Where(e => route.Events.Contains(e.Type))
                .Select(e => e with { EventId = DeliveryId(route.EndpointId, e.EventId) }).ToList();
            if (mine.Count == 0) continue;
            try
            {
                await GrainFactory.WebhookOutbox(route.EndpointId).Enqueue(mine);
            }
            catch (Exception error)
            {
                // The at-least-once window (W7): the chat committed, the outbox did not store.
                logger.LogError(error, "Webhook events {EventIds} could not be handed to endpoint {EndpointId}",
                    string.Join(",", mine.Select(e => e.EventId)), route.EndpointId);
            }
        }
    }

    /// <summary>Stable per endpoint and event: "dlv_" and 24 hex characters of SHA-256(endpoint id, event id).</summary>
    public static string DeliveryId(string endpointId, string eventId) =>
        "dlv_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{endpointId}\n{eventId}")))[..24];
}
