namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;

/// <summary>
/// Webhook administration (role admin): register, list and delete endpoints, read each one's delivery
/// log and the registry's audit. Every route is one call of the registry grain, which checks the
/// caller's Admin role again and validates (W1–W8); the caller's id comes from the token only.
/// </summary>
internal static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapAdminGroup("/api/admin/webhooks", "Webhooks");

        webhooks.MapGet("", (ClaimsPrincipal user, IGrainFactory grains) => grains.WebhookRegistry().List(user.Id()))
            .Describe("listWebhooks", "List webhook endpoints", Rules.Admin,
                "Every registered endpoint: id, URL, events, description, who registered it and when. Never a secret.");
        webhooks.MapPost("", async (WebhookBody body, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var registration = await grains.WebhookRegistry().Register(user.Id(), new WebhookEndpointRequest(body.Url, body.Events, body.Description));
                return Results.Created($"/api/admin/webhooks/{Uri.EscapeDataString(registration.Endpoint.Id)}", registration);
            })
            .Produces<WebhookRegistration>(StatusCodes.Status201Created)
            .Describe("registerWebhook", "Register a webhook endpoint", "Webhooks Admin Limits",
                "An https URL on a public address (W3) and the events it receives (chat.started, chat.assigned, chat.ended, message.posted, "
                + "invite.sent, invite.answered, offer.answered, csat.received). The answer carries the endpoint's signing secret, shown this once (W2): "
                + "every delivery is a POST with `X-LiveChat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\">`, "
                + "`X-LiveChat-Delivery` (a stable id: the same on every retry, W7), `X-LiveChat-Event` and `X-LiveChat-Attempt`. Audited.", 409);
        webhooks.MapDelete("/{endpointId}", async (string endpointId, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                await grains.WebhookRegistry().Delete(user.Id(), endpointId);
                return Results.NoContent();
            })
            .Produces(StatusCodes.Status204NoContent)
            .Describe("deleteWebhook", "Delete a webhook endpoint", "Webhooks Admin",
                "The endpoint receives nothing more; its waiting deliveries are dropped. Audited.", 404);
        webhooks.MapGet("/{endpointId}/deliveries", (string endpointId, long? before, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.WebhookRegistry().ReadDeliveries(user.Id(), endpointId, before ?? 0, max ?? 50))
            .Describe("readWebhookDeliveries", "Read an endpoint's delivery log", "Webhooks Admin",
                $"Delivery attempts newest first (max ≤ {IWebhookRegistryGrain.MaxPage}): delivery id, event, attempt, outcome (Delivered, Failed, GaveUp, Dropped), "
                + "status code, error, duration; and how many deliveries wait. Pass the answer's 'before' to read older lines (0: none left). "
                + "The log keeps the newest lines only (W6).", 404);
        webhooks.MapGet("/audit", (long? before, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.WebhookRegistry().ReadAudit(user.Id(), before ?? 0, max ?? 50))
            .Describe("readWebhookAudit", "Read the webhook audit", Rules.Admin,
                "Endpoint registrations and deletions newest first: at, actor, action, endpoint (never its secret). Pass 'before' to read older ones (0: none left).");
    }

}

/// <summary>An endpoint as the admin API takes it; the registry grain checks every field.</summary>
public sealed record WebhookBody(string? Url, IReadOnlyList<string>? Events, string? Description = null);
