namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;

/// <summary>Invites (R1-R15): the inviter's side and the invitee's answer, all decided by the chat grain.</summary>
internal static class InviteEndpoints
{
    public static void MapInviteEndpoints(this IEndpointRouteBuilder app)
    {
        var invites = app.MapGroup("/api/chats/{chatId}").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Invites");

        // R12: the Invite dialog's agent search.
        invites.MapGet("/invitees", (string chatId, string? q, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).SearchInvitees(user.Id(), q ?? ""));
        // R10: the details behind the inviter's "+N".
        invites.MapGet("/invites", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(chatId).GetInvites(user.Id()));
        invites.MapPost("/invites", async (string chatId, InviteRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var invite = await grains.Chat(chatId).Invite(user.Id(), body.InviteeId!, Required.Value(body.Mode, "R5", "mode"), Idempotency.Key(key));
            return Results.Created($"/api/chats/{chatId}/invites/{invite.InviteId}", invite);
        });
        invites.MapPut("/invites/{inviteId}/mode", (string chatId, string inviteId, ModeRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ChangeInviteMode(user.Id(), inviteId, Required.Value(body.Mode, "R8", "mode")));
        invites.MapPost("/invites/{inviteId}/resend", (string chatId, string inviteId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ResendInvite(user.Id(), inviteId));
        invites.MapPost("/invites/{inviteId}/cancel", (string chatId, string inviteId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).CancelInvite(user.Id(), inviteId));
        // R6: Participate, Monitor or Reject, from the invitee's Invites list.
        invites.MapPost("/invites/{inviteId}/response", (string chatId, string inviteId, AnswerRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).RespondToInvite(user.Id(), inviteId, Required.Value(body.Answer, "R6", "answer")));
    }
}
