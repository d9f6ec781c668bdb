namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;

/// <summary>The signed-in agent's own console data: profile, presence, settings, chats, Invites list.</summary>
internal static class AgentEndpoints
{
    public static void MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Agent");
        me.MapGet("", (ClaimsPrincipal user, IGrainFactory grains) => grains.Agent(user.Id()).GetSnapshot());
        me.MapPut("/presence", (PresenceRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Agent(user.Id()).SetPresence(body.Presence));
        me.MapPut("/settings", (AgentSettings body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Agent(user.Id()).UpdateSettings(body));
        // R11: the Invites list, each invite checked against its chat.
        me.MapGet("/invites", (ClaimsPrincipal user, IGrainFactory grains) => grains.Agent(user.Id()).GetInvites());

        var queues = app.MapGroup("/api/queues/{queueId}").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Queues");
        queues.MapGet("", async (string queueId, IGrainFactory grains) =>
            (await grains.Queue(queueId).GetInfo()).Found("Directory", $"support queue '{queueId}'"));
        queues.MapGet("/waiting", (string queueId, IGrainFactory grains) => grains.Queue(queueId).GetWaitingChats());
    }
}
