namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
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
            key = Idempotency.Key(key);
            // Identified visitor: the host website vouched for the customer; its name wins over a typed one.
            (VerifiedVisitor? visitor, string? name) = (null, null);
            if (body.VisitorToken is { } visitorToken) (visitor, name) = await visitors.Verify(visitorToken);
            var (chatId, endUserId) = Idempotency.StartIds(key, visitor, auth.Value);
            var endUser = new EndUserInfo(endUserId, name ?? body.DisplayName!, visitor);
            await grains.Chat(chatId).Start(new StartChatRequest(body.QueueId!, endUser, body.FirstMessage, key));
            var view = await grains.Chat(chatId).GetEndUserView(endUserId);
            return Results.Created("/api/enduser/chat", new ChatStarted(chatId, endUserId, tokens.ForEndUser(endUserId, chatId), view));
        }).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.ChatStart).WithTags("End user");

        var chat = app.MapGroup("/api/enduser/chat").RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user");
        chat.MapGet("", (ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(user.ChatId()).GetEndUserView(user.Id()));
        chat.MapGet("/transcript", (long? after, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(user.ChatId()).ReadEndUserTranscript(user.Id(), after ?? 0, max ?? 200));
        chat.MapPost("/messages", (TextRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(user.ChatId()).PostEndUserMessage(user.Id(), body.Text!, Idempotency.Key(key)))
            .RequireRateLimiting(RateLimitPolicies.EndUserMessages);
        chat.MapPost("/end", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await grains.Chat(user.ChatId()).EndByEndUser(user.Id());
            return Results.NoContent();
        });
    }
}
