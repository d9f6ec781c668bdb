namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;

/// <summary>The signed-in agent's own console data: profile, presence, settings, chats, Invites list.</summary>
internal static class AgentEndpoints
{
    public static void MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Agent");
        me.MapGet("", (ClaimsPrincipal user, IGrainFactory grains) => grains.Agent(user.Id()).GetSnapshot())
            .Describe("getMe", "Read the signed-in agent", Rules.Auth, "Registration (role, permissions, queues), presence, settings, assigned chats and chats joined by invite.");
        me.MapPut("/presence", (PresenceRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Agent(user.Id()).SetPresence(Required.Value(body.Presence, Rules.Directory, "presence")))
            .Describe("setPresence", "Set presence", "Directory R15 Disabled", "Online, Away or Offline. Going offline leaves the chats joined by invite (R15); pending invites stay.", 403);
        me.MapPut("/settings", (SettingsRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Agent(user.Id()).UpdateSettings(new AgentSettings(
                Required.Value(body.BrowserNotifications, Rules.Directory, "browserNotifications"),
                Required.Value(body.SystemNotifications, Rules.Directory, "systemNotifications"),
                Required.Value(body.Capacity, Rules.Directory, "capacity"))))
            .Describe("updateSettings", "Update settings", "Directory Disabled", "Browser notifications (R11), system notifications, and capacity for automatic assignment.", 403);
        // R11: the Invites list, each invite checked against its chat.
        me.MapGet("/invites", (ClaimsPrincipal user, IGrainFactory grains) => grains.Agent(user.Id()).GetInvites())
            .Describe("getMyInvites", "Read the Invites list", Rules.R11, "The invites sent to the agent, each checked against its chat when read.");

        // QueueAccess: only the queue's agents and supervisors read its settings and waiting chats.
        var queues = app.MapGroup("/api/queues/{queueId}").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Queues");
        queues.MapGet("", (string queueId, ClaimsPrincipal user, IGrainFactory grains) => grains.Queue(queueId).ReadInfo(user.Id()))
            .Describe("getQueue", "Read a queue", Rules.QueueAccess, "Its settings, canned responses and articles; for the queue's agents and supervisors only (unknown queues are refused alike).", 403);
        // Without skip/take: every waiting chat, as before. With either: one page (take at most
        // WaitingChatsPage.MaxTake, 500), the number waiting in all in X-Total-Count.
        queues.MapGet("/waiting", async (string queueId, int? skip, int? take, ClaimsPrincipal user, IGrainFactory grains, HttpResponse response) =>
        {
            if (skip is null && take is null) return await grains.Queue(queueId).ReadWaitingChats(user.Id());
            var page = await grains.Queue(queueId).ReadWaitingPage(user.Id(), skip ?? 0, take ?? WaitingChatsPage.MaxTake);
            response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return page.Chats;
        })
            .Describe("getWaitingChats", "Read a queue's waiting chats", Rules.QueueAccess, "Chats waiting for an agent, longest wait first, with the customer's name and first message. Without skip/take every waiting chat; with either one page (take at most 500) and the number waiting in all in X-Total-Count.", 400, 403);
    }
}
