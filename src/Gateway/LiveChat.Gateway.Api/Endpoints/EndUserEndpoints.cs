namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Hardening;

/// <summary>
/// The end user's side. Starting a chat is anonymous and returns a token scoped to that one chat;
/// every other call acts on the chat the token names, never on one named in the route.
/// </summary>
internal static class EndUserEndpoints
{
    public static void MapEndUserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/enduser/chats", async (StartChatBody body, IGrainFactory grains, TokenIssuer tokens, VisitorTokenVerifier visitors) =>
        {
            var chatId = Guid.NewGuid().ToString("N");
            var endUserId = "u-" + Guid.NewGuid().ToString("N")[..16];
            // Identified visitor: the host website vouched for the customer; its name wins over a typed one.
            var endUser = new EndUserInfo(endUserId, body.DisplayName!);
            if (body.VisitorToken is { } visitorToken)
            {
                var (visitor, name) = await visitors.Verify(visitorToken);
                endUser = new EndUserInfo(endUserId, name ?? body.DisplayName!, visitor);
            }
            await grains.Chat(chatId).Start(new StartChatRequest(body.QueueId!, endUser, body.FirstMessage));
            var view = await grains.Chat(chatId).GetEndUserView(endUserId);
            return Results.Created("/api/enduser/chat", new ChatStarted(chatId, endUserId, tokens.ForEndUser(endUserId, chatId), view));
        }).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.ChatStart).WithTags("End user");

        var chat = app.MapGroup("/api/enduser/chat").RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user");
        chat.MapGet("", (ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(user.ChatId()).GetEndUserView(user.Id()));
        chat.MapGet("/transcript", (long? after, int? max, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(user.ChatId()).ReadEndUserTranscript(user.Id(), after ?? 0, max ?? 200));
        chat.MapPost("/messages", (TextRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(user.ChatId()).PostEndUserMessage(user.Id(), body.Text!))
            .RequireRateLimiting(RateLimitPolicies.EndUserMessages);
        chat.MapPost("/end", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await grains.Chat(user.ChatId()).EndByEndUser(user.Id());
            return Results.NoContent();
        });
    }
}
