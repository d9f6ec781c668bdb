namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;

/// <summary>The monitoring dashboard's data: the supervised queues and their live figures.</summary>
internal static class SupervisorEndpoints
{
    public static void MapSupervisorEndpoints(this IEndpointRouteBuilder app)
    {
        var supervisor = app.MapGroup("/api/supervisor").RequireAuthorization(LiveChatClaims.SupervisorPolicy).WithTags("Supervisor");
        supervisor.MapGet("/queues", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var me = await grains.Agent(user.Id()).GetSnapshot();
            var figures = await Task.WhenAll(me.Registration.SupervisedQueues.Select(q => grains.Queue(q).GetFigures()));
            return figures;
        }).Describe("listSupervisedQueues", "Figures of the supervised queues", "R13 SLA9",
            "Live figures of every queue the supervisor supervises: waiting chats, longest wait, active chats, agents online and their load, and the chats due soon or past a response-time limit (sla: status, clock, since, dueAt, breachedAt).");
        supervisor.MapGet("/queues/{queueId}/figures", async (string queueId, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await EnsureSupervises(grains, user.Id(), queueId);
            return await grains.Queue(queueId).GetFigures();
        }).Describe("getQueueFigures", "Figures of one queue", "R13 SLA9", "Live figures of one supervised queue, with its chats due soon or past a response-time limit (sla).", 403);
    }

    /// <summary>R13: a supervisor watches the queues it supervises.</summary>
    public static async Task EnsureSupervises(IGrainFactory grains, string supervisorId, string queueId)
    {
        var me = await grains.Agent(supervisorId).GetSnapshot();
        if (!me.IsSupervisorOf(queueId))
            throw new RuleViolationException("R13", RefusalKind.Forbidden, $"You do not supervise queue '{queueId}'.");
    }
}
