namespace LiveChat.Grains.Webhooks;

using LiveChat.Grains.Common;
using Microsoft.Extensions.Options;

/// <summary>
/// The webhook registry: admins' endpoints with their secrets, and the audit of every change (W1, W8).
/// A change and its audit entry are stored in one write, so neither exists without the other. The
/// secret is generated here, answered once by <see cref="Register"/> and afterwards read only by the
/// endpoint's outbox (<see cref="IWebhookTargets"/>, not an interface the gateway is given); it is never logged.
/// </summary>
public sealed class WebhookRegistryGrain(
    [PersistentState("webhooks", StorageNames.LiveChat)] IPersistentState<WebhookRegistryState> registry,
    LiveChatClock clock,
    IOptions<WebhookOptions> options)
    : Grain, IWebhookRegistryGrain, IWebhookTargets
{
    public const int AuditKept = 500;
    private WebhookRegistryState State => registry.State;

    public async Task<WebhookRegistration> Register(string adminId, WebhookEndpointRequest request)
    {
        await RequireAdmin(adminId);
        if (request is null) throw Refuse.Invalid(Rules.Webhooks, "The endpoint is missing.");
        var url = WebhookRules.CheckUrl(request.Url, options.Value.AllowPrivateTargets);
        var events = WebhookRules.CheckEvents(request.Events);
        var description = WebhookRules.CheckDescription(request.Description);
        if (State.Endpoints.Count >= options.Value.MaxEndpoints)
            throw Refuse.Limit($"At most {options.Value.MaxEndpoints} webhook endpoints can be registered; delete one first.");

        var endpoint = new WebhookEndpoint("wh_" + Guid.NewGuid().ToString("N")[..16], url.AbsoluteUri, events, description, clock.Now, adminId);
        var secret = WebhookSignature.NewSecret();
        State.Endpoints.Add(new WebhookEndpointRecord { Endpoint = endpoint, Secret = secret });
        AddAudit(adminId, "RegisterWebhook", endpoint);
        await WriteOrReload();
        return new WebhookRegistration(endpoint, secret);
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> List(string adminId)
    {
        await RequireAdmin(adminId);
        return State.Endpoints.Select(e => e.Endpoint).ToList();
    }

    public async Task Delete(string adminId, string endpointId)
    {
        await RequireAdmin(adminId);
        var record = Find(endpointId);
        State.Endpoints.Remove(record);
        AddAudit(adminId, "DeleteWebhook", record.Endpoint);
        await WriteOrReload();
        // Deleted first: an outbox that misses this finds no target at its next attempt and closes itself.
        await GrainFactory.WebhookOutbox(endpointId).Close();
    }

    public async Task<WebhookLogPage> ReadDeliveries(string adminId, string endpointId, long before, int max)
    {
        await RequireAdmin(adminId);
        Find(endpointId);
        return await GrainFactory.WebhookOutbox(endpointId).ReadLog(before, max);
    }

    public async Task<WebhookAuditSlice> ReadAudit(string adminId, long before, int max)
    {
        await RequireAdmin(adminId);
        max = Math.Clamp(max, 1, IWebhookRegistryGrain.MaxPage);
        var bound = before <= 0 ? long.MaxValue : before;
        var entries = State.Audit.Where(e => e.Seq < bound).Reverse().Take(max).ToList();
        var next = entries.Count > 0 && entries[^1].Seq > State.Audit[0].Seq ? entries[^1].Seq : 0;
        return new WebhookAuditSlice(entries, next);
    }

    public Task<IReadOnlyList<WebhookRoute>> GetRoutes() => Task.FromResult<IReadOnlyList<WebhookRoute>>(State.Endpoints
        .Select(e => new WebhookRoute(e.Endpoint.Id, e.Endpoint.Events.Select(n => WebhookEventNames.TryParse(n, out var t) ? t : (WebhookEventType?)null)
            .OfType<WebhookEventType>().ToList()))
        .ToList());

    public Task<WebhookTarget?> GetTarget(string endpointId) => Task.FromResult(State.Endpoints
        .Where(e => e.Endpoint.Id == endpointId).Select(e => new WebhookTarget(e.Endpoint.Url, e.Secret)).FirstOrDefault());

    private WebhookEndpointRecord Find(string endpointId)
    {
        Refuse.CheckId(Rules.Webhooks, endpointId, "Endpoint id");
        return State.Endpoints.FirstOrDefault(e => e.Endpoint.Id == endpointId)
            ?? throw Refuse.NotFound(Rules.Webhooks, $"There is no webhook endpoint '{endpointId}'.");
    }

    private void AddAudit(string adminId, string action, WebhookEndpoint endpoint)
    {
        State.Audit.Add(new WebhookAuditEntry(++State.LastAuditSeq, clock.Now, adminId, action, endpoint));
        if (State.Audit.Count > AuditKept) State.Audit.RemoveRange(0, State.Audit.Count - AuditKept);
    }

    /// <summary>A failed write leaves nothing changed: the stored state is read back.</summary>
    private async Task WriteOrReload()
    {
        try
        {
            await registry.WriteStateAsync();
        }
        catch
        {
            await registry.ReadStateAsync();
            throw;
        }
    }

    private Task RequireAdmin(string adminId) => AdminRole.Require(GrainFactory, adminId, "manages webhooks");
}
