namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;
using Microsoft.AspNetCore.Mvc;

/// <summary>Transfer offers (T1-T9): the assignee's offer and the receiver's answer, all decided by the chat grain.</summary>
internal static class OfferEndpoints
{
    public static void MapOfferEndpoints(this IEndpointRouteBuilder app)
    {
        var offers = app.MapGroup("/api/chats/{chatId}").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Transfer offers");

        offers.MapGet("/offer-receivers", (string chatId, string? q, string? queueId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).SearchOfferReceivers(user.Id(), queueId, q ?? ""))
            .Describe("searchOfferReceivers", "Find agents to offer the chat to", "T1 T2 T4",
                "Online agents holding ESChat_Agent of the chat's queue, or of queueId (the chat then moves there when accepted), whose first, last or full name or email contains q (any case). The assignee's search.", 403, 404);
        offers.MapPost("/offers", async (string chatId, OfferRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var offer = await grains.Chat(chatId).OfferTransfer(user.Id(), body.ToAgentId!, Required.Value(body.SenderStays, Rules.T4, "senderStays"),
                body.ToQueueId, Idempotency.Key(key));
            return Results.Created($"/api/chats/{chatId}/offers/{offer.InviteId}", offer);
        }).Produces<Invite>(StatusCodes.Status201Created)
            .Describe("offerTransfer", "Offer the chat to an agent", "T1 T2 T3 T4 T8 Limits",
                "The assignee offers the chat to an online colleague, who is pushed the offer at once (its Invites list, kind TransferOffer) and accepts or declines it. One pending offer per chat; it expires after its queue's offer expiry.", 403, 404, 409);
        offers.MapPost("/offers/{offerId}/accept", (string chatId, string offerId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).AcceptOffer(user.Id(), offerId))
            .Describe("acceptOffer", "Accept a transfer offer", "T5 T2 T4",
                "The receiver takes the chat over as its assignee; the sender stays as Participant or leaves, as the offer says. The end user reads only \"You're now chatting with …\".", 403, 404, 409);
        offers.MapPost("/offers/{offerId}/decline", (string chatId, string offerId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).DeclineOffer(user.Id(), offerId))
            .Describe("declineOffer", "Decline a transfer offer", "T6 T5",
                "The receiver declines; the chat stays with the sender, who is pushed who declined and when.", 403, 404, 409);
        offers.MapPost("/offers/{offerId}/cancel", (string chatId, string offerId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).CancelOffer(user.Id(), offerId))
            .Describe("cancelOffer", "Cancel a pending transfer offer", Rules.T7, "The sender (the assignee) cancels its pending offer (status Cancelled).", 403, 404, 409);
    }
}
