namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;
using LiveChat.Gateway.OpenApi;

/// <summary>Invites (R1-R15): the inviter's side and the invitee's answer, all decided by the chat grain.</summary>
internal static class InviteEndpoints
{
    public static void MapInviteEndpoints(this IEndpointRouteBuilder app)
    {
        var invites = app.MapGroup("/api/chats/{chatId}").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Invites");

        // R12: the Invite dialog's agent search.
        invites.MapGet("/invitees", (string chatId, string? q, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).SearchInvitees(user.Id(), q ?? ""))
            .Describe("searchInvitees", "Find agents to invite", "R12 R3",
                "Online agents of the chat's queue who hold ESChat_Agent and are not in the chat, whose first, last or full name or email contains q (any case).", 403, 404);
        // R10: the details behind the inviter's "+N".
        invites.MapGet("/invites", (string chatId, ClaimsPrincipal user, IGrainFactory grains) => grains.Chat(chatId).GetInvites(user.Id()))
            .Describe("listInvites", "List the chat's invites", Rules.R10, "Every invite the chat sent: mode, status and the history of responses with their times (for the agents in the chat).", 403, 404);
        invites.MapPost("/invites", async (string chatId, InviteRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var invite = await grains.Chat(chatId).Invite(user.Id(), body.InviteeId!, Required.Value(body.Mode, Rules.R5, "mode"), Idempotency.Key(key));
            return Results.Created($"/api/chats/{chatId}/invites/{invite.InviteId}", invite);
        }).Produces<Invite>(StatusCodes.Status201Created)
            .Describe("createInvite", "Invite an agent", "R2 R1 R3 R4 R5 R9 R11 Limits",
                "The assignee invites an online colleague of the chat's queue as Participant or Monitor; the invitee is notified at once and sees it in its Invites list.", 403, 404, 409);
        invites.MapPut("/invites/{inviteId}/mode", (string chatId, string inviteId, ModeRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ChangeInviteMode(user.Id(), inviteId, Required.Value(body.Mode, Rules.R8, "mode")))
            .Describe("changeInviteMode", "Change an invite's mode", "R8 R3 Limits", "The inviter switches a Pending or Rejected invite between Participant and Monitor; never after it was accepted.", 403, 404, 409);
        invites.MapPost("/invites/{inviteId}/resend", (string chatId, string inviteId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).ResendInvite(user.Id(), inviteId))
            .Describe("resendInvite", "Resend a rejected invite", "R9 R2 Limits", "Makes a rejected (or expired) invite Pending again; its earlier responses stay in its history.", 403, 404, 409);
        invites.MapPost("/invites/{inviteId}/cancel", (string chatId, string inviteId, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).CancelInvite(user.Id(), inviteId))
            .Describe("cancelInvite", "Cancel a pending invite", "R14 R3", "The inviter cancels a Pending invite (status Cancelled).", 403, 404, 409);
        // R6: Participate, Monitor or Reject, from the invitee's Invites list.
        invites.MapPost("/invites/{inviteId}/response", (string chatId, string inviteId, AnswerRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            grains.Chat(chatId).RespondToInvite(user.Id(), inviteId, Required.Value(body.Answer, Rules.R6, "answer")))
            .Describe("respondToInvite", "Answer an invite", "R6 R7 R9 R14 S1 S5",
                "The invitee answers Participate (Participant invites only), Monitor (Monitor invites only) or Reject. Joining posts the S1 system message and opens the transcript so far.", 403, 404, 409);
    }
}
