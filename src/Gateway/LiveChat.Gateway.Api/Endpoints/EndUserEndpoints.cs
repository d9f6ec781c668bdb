namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;
using LiveChat.Gateway.Hardening;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

/// <summary>
/// The end user's side. Starting a chat is anonymous and returns a token scoped to that one chat;
/// every other call acts on the chat the token names, never on one named in the route.
/// </summary>
internal static class EndUserEndpoints
{
    public static void MapEndUserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/enduser/chats", async (StartChatBody body, [FromHeader(Name = IdempotencyKeys.Header)] string? key,
            IGrainFactory grains, TokenIssuer tokens, VisitorTokenVerifier visitors, IOptions<GatewayAuthOptions> auth) =>
        {
            var (chatId, endUser, validKey) = await NewEndUser(key, body.VisitorToken, body.DisplayName, visitors, auth.Value);
            await grains.Chat(chatId).Start(new StartChatRequest(body.QueueId!, endUser, body.FirstMessage, validKey));
            var view = await grains.Chat(chatId).GetEndUserView(endUser.EndUserId);
            return Results.Created("/api/enduser/chat", new ChatStarted(chatId, endUser.EndUserId, tokens.ForEndUser(endUser.EndUserId, chatId), view));
        }).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.ChatStart).WithTags("End user")
            .Produces<ChatStarted>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status401Unauthorized)
            .Describe("startChat", "Start a chat", "Lifecycle B3 Names Visitor",
                "Anonymous: an end user starts a chat in a queue with a display name and an optional first message; the answer carries a token for this one chat. An identified visitor also sends the host website's signed visitorToken. "
                + "Refused (409, B3) while the queue is closed by its business hours: leave a message instead (leaveMessage).", 404, 409);

        // B2, B4: what the page shows before a chat. Read-only and answered from the queue's memory:
        // the global per-client limit is its rate limit.
        app.MapGet("/api/enduser/queues/{queueId}/availability", (string queueId, IGrainFactory grains) => grains.Queue(queueId).GetAvailability())
            .AllowAnonymous().WithTags("End user")
            .Describe("getQueueAvailability", "Is the queue open?", "B2 B4 Directory",
                "Anonymous: whether the queue takes a live chat now (state Open, Closed by its business hours, or NoAgentsOnline), when it opens next (UTC) and its business hours. "
                + "Closed: a chat start is refused (B3) and the page offers to leave a message; NoAgentsOnline: a chat may start and wait, or a message be left.", 404);

        // O1, O2: a message left for the queue becomes an offline chat; its token lasts long enough to come back for the answer.
        app.MapPost("/api/enduser/offline-messages", async (LeaveMessageBody body, [FromHeader(Name = IdempotencyKeys.Header)] string? key,
            IGrainFactory grains, TokenIssuer tokens, VisitorTokenVerifier visitors, IOptions<GatewayAuthOptions> auth) =>
        {
            var (chatId, endUser, validKey) = await NewEndUser(key, body.VisitorToken, body.DisplayName, visitors, auth.Value);
            await grains.Chat(chatId).LeaveMessage(new LeaveMessageRequest(body.QueueId!, endUser, body.Contact!, body.Text!, validKey));
            var view = await grains.Chat(chatId).GetEndUserView(endUser.EndUserId);
            return Results.Created("/api/enduser/chat", new ChatStarted(chatId, endUser.EndUserId, tokens.ForOfflineMessage(endUser.EndUserId, chatId), view));
        }).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.ChatStart).WithTags("End user")
            .Produces<ChatStarted>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status401Unauthorized)
            .Describe("leaveMessage", "Leave a message", "O1 O2 Names Visitor",
                "Anonymous: an end user leaves a message for a queue (display name, contact: an email address or a phone number, text), open or closed. "
                + "It becomes an offline chat the queue's agents answer later; the answer carries a chat token (valid Gateway:Auth:OfflineMessageTokenLifetime, 30 days by default) "
                + "to come back with and read the reply through the end user's chat routes. Counted with chat starts in one rate limit per client address.", 404);

        var chat = app.MapGroup("/api/enduser/chat").RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user");
        chat.MapGet("", (ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(user.ChatId()).GetEndUserView(user.Id()))
            .Describe("getEndUserChat", "Read my chat", Rules.Auth, "The chat as the end user sees it: status, agents under their chat alias, shared articles; never side notes, invites or monitors.", 403, 404);
        chat.MapGet("/transcript", (long? after, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(user.ChatId()).ReadEndUserTranscript(user.Id(), after ?? 0, max ?? 200))
            .Describe("getEndUserTranscript", "Read my transcript", Rules.Auth, "The end user's entries after its own (public) sequence number 'after', at most 'max'.", 403, 404);
        chat.MapPost("/messages", (TextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(user.ChatId()).PostEndUserMessage(user.Id(), body.Text!, Idempotency.Key(key)))
            .RequireRateLimiting(RateLimitPolicies.EndUserMessages)
            .Describe("postEndUserMessage", "Send a message", Rules.Lifecycle, "The end user writes to the agents of its chat.", 403, 404, 409);
        chat.MapPost("/end", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await grains.Chat(user.ChatId()).EndByEndUser(user.Id());
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent)
            .Describe("endChatByEndUser", "End my chat", Rules.Lifecycle, "The end user ends its chat; pending invites are cancelled and invitees removed.", 403, 404, 409);
    }

    /// <summary>
    /// Who starts a chat or leaves a message: the chat and end-user ids follow from the
    /// Idempotency-Key (a retry names the same chat), and an identified visitor's name, vouched for
    /// by the host website, wins over a typed one.
    /// </summary>
    private static async Task<(string ChatId, EndUserInfo EndUser, string? Key)> NewEndUser(
        string? header, string? visitorToken, string? displayName, VisitorTokenVerifier visitors, GatewayAuthOptions auth)
    {
        var key = Idempotency.Key(header);
        (VerifiedVisitor? visitor, string? name) = (null, null);
        if (visitorToken is not null) (visitor, name) = await visitors.Verify(visitorToken);
        var (chatId, endUserId) = Idempotency.StartIds(key, visitor, auth);
        return (chatId, new EndUserInfo(endUserId, name ?? displayName!, visitor), key);
    }
}
