namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;
using LiveChat.Gateway.OpenApi;

/// <summary>Every chat action of the action table (A1-A11, docs/rules.md), for the agent named by the token.</summary>
internal static class ChatEndpoints
{
    public static void MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/api/chats/{chatId}").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Chats");

        chat.MapGet("", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(chatId).GetSnapshot(user.Id()))
            .Describe("getChat", "Read a chat", Rules.A11, "The chat as its agents see it: status, end user, assignee, members with their modes, pinned and shared articles, tickets; what the caller's role may do in it (allowed, A1-A11) and the longest text it takes (maxTextLength).", 403, 404);
        chat.MapGet("/transcript", (string chatId, long? after, int? max, bool? audit, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ReadTranscript(user.Id(), after ?? 0, max ?? 200, audit ?? false))
            .Describe("getChatTranscript", "Read the transcript", "A11 S5 Audit",
                "Entries after sequence number 'after' (0: from the start), at most 'max'; a console reads this after a reconnect. audit=true adds the audit trail, for the assignee and supervisors who joined (R13).", 403, 404);
        chat.MapPost("/accept", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(chatId).Accept(user.Id()))
            .Describe("acceptChat", "Accept a waiting chat", "Lifecycle S4 Disabled",
                "Takes a waiting chat of one of the agent's queues: the agent becomes its assignee and the chat is Active.", 403, 404, 409);

        // Creating calls take an Idempotency-Key header: a retry with it returns the first result.
        chat.MapPost("/messages", (string chatId, TextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).PostAgentMessage(user.Id(), body.Text!, Idempotency.Key(key)))
            .Describe("postChatMessage", "Chat with the end user", "A7 Lifecycle", "Posts a message the end user sees (assignee and Participants; a Monitor is refused).", 403, 404, 409);
        chat.MapPost("/canned-messages", (string chatId, CannedTextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).SendCannedText(user.Id(), body.CannedResponseId!, Idempotency.Key(key)))
            .Describe("sendCannedText", "Send canned text", "A8 Lifecycle", "Posts one of the queue's canned responses, by id.", 403, 404, 409);
        chat.MapPost("/side-notes", (string chatId, TextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).AddSideNote(user.Id(), body.Text!, Idempotency.Key(key)))
            .Describe("addSideNote", "Add a side note", "A2 Lifecycle", "A private note for the agents in the chat; the end user never sees it.", 403, 404, 409);
        chat.MapPost("/pinned-articles", async (string chatId, ArticleRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await grains.Chat(chatId).PinArticle(user.Id(), body.ArticleId!);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent)
            .Describe("pinArticle", "Pin a knowledge article", "A5 Limits S2", "Pins one of the queue's articles for the agents in the chat; invitees see it at once (S2).", 403, 404, 409);
        chat.MapDelete("/pinned-articles/{articleId}", async (string chatId, string articleId, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await grains.Chat(chatId).UnpinArticle(user.Id(), articleId);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent)
            .Describe("unpinArticle", "Unpin a knowledge article", Rules.A5, "Removes a pinned article, making room under the pin limit.", 403, 404, 409);
        chat.MapPost("/shared-articles", (string chatId, ArticleRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ShareArticle(user.Id(), body.ArticleId!, Idempotency.Key(key)))
            .Describe("shareArticle", "Share a knowledge article", "A6 Lifecycle", "Sends one of the queue's articles to the end user.", 403, 404, 409);
        chat.MapPost("/tickets", (string chatId, TicketRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).CreateTicket(user.Id(), body.Summary!, Idempotency.Key(key)))
            .Describe("createTicket", "Create a ticket", "A4 Limits", "Creates a ticket from the chat with a summary.", 403, 404, 409);
        chat.MapPost("/remote-access", (string chatId, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).RequestRemoteAccess(user.Id(), Idempotency.Key(key)))
            .Describe("requestRemoteAccess", "Request remote access", "A3 Limits", "Asks the end user for access to their desktop.", 403, 404, 409);

        chat.MapPost("/leave", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).Leave(user.Id())))
            .Produces(StatusCodes.Status204NoContent).Describe("leaveChat", "Leave the chat", "A10 R15", "An invitee (Participant or Monitor) or a supervisor leaves; the assignee releases, transfers or ends instead.", 403, 404, 409);
        chat.MapPost("/release", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).Release(user.Id())))
            .Produces(StatusCodes.Status204NoContent).Describe("releaseChat", "Release the chat", Rules.A1, "The assignee puts the chat back in its queue (Waiting); its pending invites are cancelled.", 403, 404, 409);
        chat.MapPost("/abandon", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).Abandon(user.Id())))
            .Produces(StatusCodes.Status204NoContent).Describe("abandonChat", "Abandon the chat", "A1 Lifecycle", "The assignee ends the chat with reason Abandoned; pending invites are cancelled and invitees removed.", 403, 404, 409);
        chat.MapPost("/end", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).End(user.Id())))
            .Produces(StatusCodes.Status204NoContent).Describe("endChat", "End the chat", "A1 Lifecycle", "The assignee ends the chat; pending invites are cancelled and invitees removed.", 403, 404, 409);
        chat.MapPost("/transfer", (string chatId, TransferRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            (body.ToAgentId, body.ToQueueId) switch
            {
                ({ } agent, null) => Done(grains.Chat(chatId).TransferToAgent(user.Id(), agent)),
                (null, { } queue) => Done(grains.Chat(chatId).TransferToQueue(user.Id(), queue)),
                _ => throw new RuleViolationException(Rules.A1, RefusalKind.Invalid, "Transfer to exactly one of toAgentId or toQueueId."),
            })
            .Produces(StatusCodes.Status204NoContent)
            .Describe("transferChat", "Transfer the chat", "A1 S4 Lifecycle",
                "The assignee hands the chat to another agent (toAgentId) or queue (toQueueId), exactly one. Pending invites are cancelled; a move to another queue also removes the invitees.", 403, 404, 409);

        // R13: a supervisor joins from the dashboard without an invite.
        chat.MapPost("/supervisor-join", (string chatId, ModeRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
                Done(grains.Chat(chatId).SupervisorJoin(user.Id(), Required.Value(body.Mode, Rules.R13, "mode"))))
            .RequireAuthorization(LiveChatClaims.SupervisorPolicy).Produces(StatusCodes.Status204NoContent)
            .Describe("supervisorJoinChat", "Join as supervisor", "R13 S1 S5",
                "A supervisor joins an active chat of a queue it supervises without an invite, as Monitor or Participant (barge-in).", 403, 404, 409);
    }

    private static async Task<IResult> Done(Task call)
    {
        await call;
        return Results.NoContent();
    }
}
