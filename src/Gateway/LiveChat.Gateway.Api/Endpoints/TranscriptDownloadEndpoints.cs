namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;
using LiveChat.Gateway.Transcripts;

/// <summary>
/// Transcript downloads (docs/rules.md D1): agents in the chat get everything agents see, internal
/// lines marked; the end user gets its own transcript. Both as JSON or a printable HTML page,
/// streamed read by read. Who may read what is the chat's decision (its transcript reads).
/// </summary>
internal static class TranscriptDownloadEndpoints
{
    private const string FormatHelp = "format=json (default; the document below) or format=html (text/html: a printable page with no script, a print stylesheet, every user text HTML-encoded).";

    public static void MapTranscriptDownloadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/chats/{chatId}/transcript/download", (string chatId, string? format, HttpContext http, ClaimsPrincipal user,
                IGrainFactory grains, TimeProvider time) =>
            {
                var (chat, agentId) = (grains.Chat(chatId), user.Id());
                return TranscriptDownload.Write(http, format, time,
                    async () => { var snapshot = await chat.GetSnapshot(agentId); return (TranscriptHeading.OfAgents(snapshot), snapshot.LastSeq); },
                    (after, max) => chat.ReadTranscript(agentId, after, max));
            })
            .RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Chats")
            .Produces<TranscriptDocument>(StatusCodes.Status200OK, "application/json")
            .Describe("downloadChatTranscript", "Download the transcript", "A11 D1",
                $"The whole transcript as the chat's agents see it (assignee and members, A11), side notes, invite steps and agents' joins marked internal, audit-only entries left out; streamed page by page with a Content-Disposition file name. {FormatHelp}", 403, 404);

        app.MapGet("/api/enduser/chat/transcript/download", (string? format, HttpContext http, ClaimsPrincipal user,
                IGrainFactory grains, TimeProvider time) =>
            {
                var (chat, endUserId) = (grains.Chat(user.ChatId()), user.Id());
                return TranscriptDownload.Write(http, format, time,
                    async () => { var view = await chat.GetEndUserView(endUserId); return (TranscriptHeading.OfEndUser(view), view.LastSeq); },
                    (after, max) => chat.ReadEndUserTranscript(endUserId, after, max));
            })
            .RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user")
            .Produces<TranscriptDocument>(StatusCodes.Status200OK, "application/json")
            .Describe("downloadEndUserTranscript", "Download my transcript", "A11 D1",
                $"The end user's own transcript: only what it may see (never side notes, invites or monitors), agents under their chat alias and name; streamed page by page with a Content-Disposition file name. {FormatHelp}", 403, 404);
    }
}
