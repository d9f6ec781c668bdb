namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;
using LiveChat.Gateway.Transcripts;
using Microsoft.Net.Http.Headers;

/// <summary>
/// Retention and erasure (role admin, docs/rules.md E1-E10): a queue's retention, and an end user's
/// chats listed, exported (art. 15) and erased (art. 17). Every route is one grain call that checks
/// the admin again and audits; the end user is named in the body, never in the address, so no
/// access log records who a request was about.
/// </summary>
internal static class DataProtectionEndpoints
{
    private const string SubjectHelp = "The end user is an identified visitor (siteId and customerId) or an anonymous end user (endUserId), in the body.";

    public static void MapDataProtectionEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(LiveChatClaims.AdminPolicy).WithTags("Data protection")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/retention/{queueId}", (string queueId, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.QueueRetention(queueId).GetPolicy(user.Id()))
            .Describe("getRetention", "Read a queue's retention", "E1 Admin",
                "How many days the queue keeps ended chats (its own, or the deployment's default), its index pages, how many chats its sweep erased and when it last did.", 404);
        admin.MapPut("/retention/{queueId}", (string queueId, RetentionBody body, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.QueueRetention(queueId).SetPolicy(user.Id(), Required.Value(body.Days, Rules.E1, "days")))
            .Describe("setRetention", "Set a queue's retention", "E1 Admin E6",
                $"Ended chats of the queue are erased this many days after they ended ({IQueueRetentionGrain.MinDays}-{IQueueRetentionGrain.MaxDays}), by a sweep that survives restarts. Audited.", 404);

        admin.MapPost("/end-users/chats", (DataSubjectBody body, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.DataProtection().ListChats(user.Id(), body.ToSubject()))
            .Describe("listEndUserChats", "List an end user's chats", "E3 Admin", $"The chats kept of one end user (erased ones are gone). {SubjectHelp}");
        admin.MapPost("/end-users/export", async (DataSubjectBody body, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time) =>
            {
                var subject = body.ToSubject();
                var adminId = user.Id();
                // Checked and audited before anything is written, so a refusal is an ordinary problem answer.
                var chats = await grains.DataProtection().BeginExport(adminId, subject);
                await WriteExport(http, subject, chats, grains, time);
            })
            .Produces<EndUserExportDocument>(StatusCodes.Status200OK, "application/json")
            .Describe("exportEndUser", "Export an end user's chats", "E5 E3 Admin E6",
                $"Every chat kept of one end user as it saw them (never side notes, invites or monitors): identity, dates, files, rating and transcript, streamed chat by chat as one JSON file (art. 15). Audited. An end user of whom nothing is kept: 404. {SubjectHelp}", 404);
        admin.MapPost("/end-users/erase", (DataSubjectBody body, ClaimsPrincipal user, IGrainFactory grains) =>
                grains.DataProtection().Erase(user.Id(), body.ToSubject()))
            .Describe("eraseEndUser", "Erase an end user's chats", "E3 E4 E2 Admin E6 E7",
                $"Erases every chat of one end user (art. 17): transcripts, pages, files and the end user's index go from storage; each chat leaves a tombstone (id, queue, dates). Refused while one of its chats waits or is active (nothing is erased then). Audited without content. An end user of whom nothing is kept: 404. {SubjectHelp}", 404, 409);
    }

    private static async Task WriteExport(HttpContext http, DataSubject subject, EndUserChats chats, IGrainFactory grains, TimeProvider time)
    {
        var response = http.Response;
        response.ContentType = EndUserExportWriter.ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName("end-user-export.json");
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";

        var writer = new EndUserExportWriter(response.Body);
        await writer.Begin(subject, time.GetUtcNow());
        foreach (var chat in chats.Chats)
        {
            if (http.RequestAborted.IsCancellationRequested) break;
            var grain = grains.Chat(chat.ChatId);
            var info = await grain.PeekRetention();
            // Erased meanwhile, or registered by a start that was never stored: nothing to export.
            if (!info.Started || info.Tombstone is not null) continue;
            var view = await grain.GetEndUserView(chat.EndUserId);
            await writer.BeginChat(chat, info, view);
            var slice = await grain.ReadEndUserTranscript(chat.EndUserId, 0, TranscriptDownload.EntriesPerRead);
            while (true)
            {
                if (slice.Entries.Count > 0) await writer.Write(slice.Entries);
                if (!slice.HasMore || http.RequestAborted.IsCancellationRequested) break;
                slice = await grain.ReadEndUserTranscript(chat.EndUserId, slice.LastSeq, TranscriptDownload.EntriesPerRead);
            }
            await writer.EndChat();
        }
        await writer.End();
    }

}

/// <summary>A queue's retention as the admin API takes it.</summary>
public sealed record RetentionBody(int? Days);

/// <summary>
/// Who a data-protection request is about; the grain checks that it names exactly one end user (E3).
/// The fields are alternatives, so each has a default: the OpenAPI document lists none as required.
/// </summary>
public sealed record DataSubjectBody(string? SiteId = null, string? CustomerId = null, string? EndUserId = null)
{
    internal DataSubject ToSubject() => new(SiteId, CustomerId, EndUserId);
}
