namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;

/// <summary>
/// Directory administration (role admin): agents, queues and the audit trail. Every route is one
/// call of the directory grain, which checks the caller's Admin role again, validates, applies
/// and audits; the caller's id comes from the token only.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("/api/admin", "Directory administration");

        admin.MapGet("/agents", (int? offset, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().ListAgents(user.Id(), offset ?? 0, max ?? IDirectoryGrain.MaxPage))
            .Describe("listAgents", "List agents", Rules.Admin, $"A page of the directory's agents by id (offset, max ≤ {IDirectoryGrain.MaxPage}) and their total.");
        admin.MapGet("/agents/{agentId}", (string agentId, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().GetAgent(user.Id(), agentId))
            .Describe("getAgent", "Read an agent", "Admin Directory", "One agent's directory entry.", 404);
        admin.MapPost("/agents", async (AgentBody body, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var created = await grains.Directory().CreateAgent(user.Id(), body.ToAgent(body.Id));
                return Results.Created($"/api/admin/agents/{Uri.EscapeDataString(created.Id)}", created);
            })
            .Produces<DirectoryAgent>(StatusCodes.Status201Created)
            .Describe("createAgent", "Create an agent", "Directory Admin Names",
                "Names, email, role (Agent, Supervisor, Admin), permissions (ESChat_Agent), queues, supervised queues, capacity. Audited.", 409);
        admin.MapPut("/agents/{agentId}", (string agentId, AgentBody body, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().UpdateAgent(user.Id(), body.ToAgent(agentId)))
            .Describe("updateAgent", "Update an agent", "Directory Admin Names",
                "Replaces the agent's directory data; a capacity left out keeps the current one. Takes effect at once: chats the agent may no longer be in release or drop it. Audited.", 404, 409);
        admin.MapPost("/agents/{agentId}/disable", (string agentId, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().SetAgentDisabled(user.Id(), agentId, true))
            .Describe("disableAgent", "Disable an agent", "Disabled Admin Directory",
                "The agent goes offline, its assigned chats go back to their queues, it leaves chats it joined; its tokens and live connection are refused within a second. Audited.", 404, 409);
        admin.MapPost("/agents/{agentId}/enable", (string agentId, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().SetAgentDisabled(user.Id(), agentId, false))
            .Describe("enableAgent", "Enable an agent", "Disabled Admin Directory", "The agent may sign in and work again. Audited.", 404);

        admin.MapGet("/queues", (int? offset, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().ListQueues(user.Id(), offset ?? 0, max ?? IDirectoryGrain.MaxPage))
            .Describe("listQueues", "List queues", Rules.Admin, $"A page of the directory's queues by id (offset, max ≤ {IDirectoryGrain.MaxPage}) and their total.");
        admin.MapGet("/queues/{queueId}", (string queueId, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().GetQueue(user.Id(), queueId))
            .Describe("getDirectoryQueue", "Read a queue", "Admin Directory", "One queue's directory entry.", 404);
        admin.MapPost("/queues", async (QueueBody body, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var created = await grains.Directory().CreateQueue(user.Id(), body.ToQueue(body.Id));
                return Results.Created($"/api/admin/queues/{Uri.EscapeDataString(created.Id)}", created);
            })
            .Produces<DirectoryQueue>(StatusCodes.Status201Created)
            .Describe("createQueue", "Create a queue", "Directory Admin B1 SLA1", "Name, automatic assignment, system notifications (S1), canned responses, articles, whether ended chats ask their end user for a satisfaction rating (askSatisfaction, C1), "
                + "business hours (businessHours: IANA timeZone, weekly openings {day, opens, closes} as HH:mm, holidays as yyyy-MM-dd; null: always open; B1), response-time limits in seconds (firstResponseLimitSeconds, replyLimitSeconds: 10 to 86400 or null) and the breach action (slaBreachAction: None, OfferToAnotherAgent, ReturnToQueue; SLA1). Audited.", 409);
        admin.MapPut("/queues/{queueId}", (string queueId, QueueBody body, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().UpdateQueue(user.Id(), body.ToQueue(queueId)))
            .Describe("updateQueue", "Update a queue", "Directory Admin B1 SLA1", "Replaces the queue's directory data, business hours (B1; left out: always open) and response-time limits (SLA1) included. Audited.", 404);

        admin.MapGet("/audit", (long? before, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Directory().ReadAudit(user.Id(), before ?? 0, max ?? 50))
            .Describe("readDirectoryAudit", "Read the audit trail", Rules.Admin,
                "Directory changes newest first: at, actor, target, action, before, after, outcome. Pass the answer's 'before' to read older ones (0: none left).");
    }

}

/// <summary>An agent as the admin API takes it; the directory grain checks every field.</summary>
public sealed record AgentBody(string? Id, string? FirstName, string? LastName, string? Email, AgentRole? Role,
    IReadOnlyList<string>? Permissions, IReadOnlyList<string>? Queues, IReadOnlyList<string>? Supervises, int? Capacity)
{
    internal DirectoryAgent ToAgent(string? id) => new(id ?? "", FirstName ?? "", LastName ?? "", Email ?? "",
        Required.Value(Role, Rules.Directory, "role"), Permissions!, Queues!, Supervises!, Capacity);
}

/// <summary>A queue as the admin API takes it; the directory grain checks every field.</summary>
public sealed record QueueBody(string? Id, string? Name, bool? AutomaticAssignment, bool? SystemNotifications,
    IReadOnlyList<CannedResponse>? CannedResponses, IReadOnlyList<KnowledgeArticle>? Articles, bool? AskSatisfaction = null,
    int? OfferExpirySeconds = null, BusinessHours? BusinessHours = null, int? FirstResponseLimitSeconds = null, int? ReplyLimitSeconds = null, SlaBreachAction? SlaBreachAction = null)
{
    internal DirectoryQueue ToQueue(string? id) => new(id ?? "", Name ?? "",
        Required.Value(AutomaticAssignment, Rules.Directory, "automaticAssignment"),
        Required.Value(SystemNotifications, Rules.Directory, "systemNotifications"),
        CannedResponses ?? [], Articles ?? [],
        OfferExpirySeconds: OfferExpirySeconds, AskSatisfaction: AskSatisfaction ?? false, BusinessHours: BusinessHours,
        FirstResponseLimitSeconds: FirstResponseLimitSeconds, ReplyLimitSeconds: ReplyLimitSeconds,
        SlaBreachAction: SlaBreachAction ?? LiveChat.Model.SlaBreachAction.None);
}
