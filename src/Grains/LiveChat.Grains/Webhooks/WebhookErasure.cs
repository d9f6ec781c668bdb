namespace LiveChat.Grains.Webhooks;

/// <summary>
/// E9: an erased chat's events still waiting in webhook outboxes carry what it erases (the end user's
/// name, messages, a rating's comment). Before the chat deletes its rows it has every endpoint's
/// outbox withdraw them, so nothing erased is delivered later or read back from an outbox's state.
/// </summary>
internal static class WebhookErasure
{
    /// <summary>Every endpoint's outbox, whatever it subscribes to; a failure fails the erasure, which a retry finishes.</summary>
    public static async Task Withdraw(IGrainFactory grains, string chatId)
    {
        var routes = await grains.WebhookTargets(IWebhookRegistryGrain.Key).GetRoutes();
        if (routes.Count == 0) return;
        await Task.WhenAll(routes.Select(route => grains.WebhookOutbox(route.EndpointId).Withdraw(chatId)));
    }
}
