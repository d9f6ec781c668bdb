namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// The webhook registry (one grain, key <see cref="Key"/>): admins register, list and delete endpoints
/// and read each one's delivery log. Every method takes the caller's own agent id and refuses (rule
/// "Admin", Forbidden) unless it is an enabled agent with the Admin role; bad input is refused (rule
/// "Webhooks") before anything changes. Registering and deleting are audited in the same write.
/// </summary>
[Alias("LiveChat.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    public const string Key = "webhooks";
    public const int MaxPage = 100;

    [Alias("Register")] Task<WebhookRegistration> Register(string adminId, WebhookEndpointRequest request);
    [Alias("List")] Task<IReadOnlyList<WebhookEndpoint>> List(string adminId);
    /// <summary>Deletes the endpoint and drops its pending deliveries; refused (NotFound) when it does not exist.</summary>
    [Alias("Delete")] Task Delete(string adminId, string endpointId);
    /// <summary>The endpoint's delivery log, lines older than <paramref name="before"/> (0: the newest), newest first.</summary>
    [Alias("ReadDeliveries")] Task<WebhookLogPage> ReadDeliveries(string adminId, string endpointId, long before, int max);
    /// <summary>Registry changes newest first.</summary>
    [Alias("ReadAudit")] Task<WebhookAuditSlice> ReadAudit(string adminId, long before, int max);
}
