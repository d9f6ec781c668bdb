namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;

/// <summary>The end user's satisfaction rating of its ended chat (docs/rules.md C1-C5): one grain call, the rules are the chat's.</summary>
internal static class SatisfactionEndpoints
{
    public static void MapSatisfactionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/enduser/chat/satisfaction", (SatisfactionBody body, [FromHeader(Name = IdempotencyKeys.Header)] string? key,
                ClaimsPrincipal user, IGrainFactory grains) =>
                grains.Chat(user.ChatId()).RateChat(user.Id(), Required.Value(body.Rating, Rules.C2, "rating"), body.Comment, Idempotency.Key(key)))
            .RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user")
            .Describe("rateChat", "Rate my chat", "C1 C2 C3 C4",
                $"Once the chat has ended, if its queue asks, its end user rates it from {SatisfactionLimits.MinRating} to {SatisfactionLimits.MaxRating} with an optional comment (at most {SatisfactionLimits.MaxCommentLength} characters), once, within {SatisfactionLimits.Window.TotalHours:0} hours of the end. A retry with the first call's Idempotency-Key gets the stored rating back. Its agents see it with the chat; the dashboard counts it per queue and agent.",
                403, 404, 409);
    }
}

/// <summary>POST /api/enduser/chat/satisfaction: a rating from 1 to 5 and an optional comment.</summary>
public sealed record SatisfactionBody(int? Rating, string? Comment);
