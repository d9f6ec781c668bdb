namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;

/// <summary>Every chat action of SPEC's A-table, for the agent named by the token.</summary>
internal static class ChatEndpoints
{
    public static void MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/api/chats/{chatId}").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Chats");

        chat.MapGet("", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(chatId).GetSnapshot(user.Id()));
        chat.MapGet("/transcript", (string chatId, long? after, int? max, bool? audit, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ReadTranscript(user.Id(), after ?? 0, max ?? 200, audit ?? false));
        chat.MapPost("/accept", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(chatId).Accept(user.Id()));

        // Creating calls take an Idempotency-Key header: a retry with it returns the first result.
        chat.MapPost("/messages", (string chatId, TextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).PostAgentMessage(user.Id(), body.Text!, Idempotency.Key(key)));
        chat.MapPost("/canned-messages", (string chatId, CannedTextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).SendCannedText(user.Id(), body.CannedResponseId!, Idempotency.Key(key)));
        chat.MapPost("/side-notes", (string chatId, TextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).AddSideNote(user.Id(), body.Text!, Idempotency.Key(key)));
        chat.MapPost("/pinned-articles", async (string chatId, ArticleRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await grains.Chat(chatId).PinArticle(user.Id(), body.ArticleId!);
            return Results.NoContent();
        });
        chat.MapDelete("/pinned-articles/{articleId}", async (string chatId, string articleId, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await grains.Chat(chatId).UnpinArticle(user.Id(), articleId);
            return Results.NoContent();
        });
        chat.MapPost("/shared-articles", (string chatId, ArticleRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ShareArticle(user.Id(), body.ArticleId!, Idempotency.Key(key)));
        chat.MapPost("/tickets", (string chatId, TicketRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).CreateTicket(user.Id(), body.Summary!, Idempotency.Key(key)));
        chat.MapPost("/remote-access", (string chatId, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).RequestRemoteAccess(user.Id(), Idempotency.Key(key)));

        chat.MapPost("/leave", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).Leave(user.Id())));
        chat.MapPost("/release", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).Release(user.Id())));
        chat.MapPost("/abandon", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).Abandon(user.Id())));
        chat.MapPost("/end", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.Chat(chatId).End(user.Id())));
        chat.MapPost("/transfer", (string chatId, TransferRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            (body.ToAgentId, body.ToQueueId) switch
            {
                ({ } agent, null) => Done(grains.Chat(chatId).TransferToAgent(user.Id(), agent)),
                (null, { } queue) => Done(grains.Chat(chatId).TransferToQueue(user.Id(), queue)),
                _ => throw new RuleViolationException("A1", RefusalKind.Invalid, "Transfer to exactly one of toAgentId or toQueueId."),
            });

        // R13: a supervisor joins from the dashboard without an invite.
        chat.MapPost("/supervisor-join", (string chatId, ModeRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
                Done(grains.Chat(chatId).SupervisorJoin(user.Id(), Required.Value(body.Mode, "R13", "mode"))))
            .RequireAuthorization(LiveChatClaims.SupervisorPolicy);
    }

    private static async Task<IResult> Done(Task call)
    {
        await call;
        return Results.NoContent();
    }
}
