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

        // RP2: supervisors and admins; the reports grain decides which queues each may read.
        app.MapGet("/api/supervisor/reports", (string? queue, string? range, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.QueueReports(string.IsNullOrWhiteSpace(queue)
                        ? throw new RuleViolationException(Rules.RP3, RefusalKind.Invalid, "'queue' is required.")
                        : queue)
                    .GetReport(user.Id(), range ?? ""))
            .RequireAuthorization(LiveChatClaims.ReportsPolicy).WithTags("Supervisor")
            .Describe("getQueueReport", "A queue's report", "RP1 RP2 RP3",
                "Per queue and per agent, for today or the last 7 or 30 UTC days (range=today|7d|30d): chats started, answered, ended, abandoned and transferred; first-response and handle times (p50, p90 in seconds: the upper bound of the histogram bucket holding that rank); invites sent, accepted and rejected; SLA breaches; and the same per day for charts. For the queue's supervisors and admins.",
                403, 404);
    }

    /// <summary>R13: a supervisor watches the queues it supervises.</summary>
    public static async Task EnsureSupervises(IGrainFactory grains, string supervisorId, string queueId)
    {
        var me = await grains.Agent(supervisorId).GetSnapshot();
        if (!me.IsSupervisorOf(queueId))
            throw new RuleViolationException(Rules.R13, RefusalKind.Forbidden, $"You do not supervise queue '{queueId}'.");
    }
}
