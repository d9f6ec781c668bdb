namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Attachments;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Hardening;
using LiveChat.Gateway.OpenApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

/// <summary>
/// A9: multipart upload, streamed from the request body to the store once. In order: the chat says
/// whether this sender may attach now and whether its quota has room, before a byte of the body is
/// read (a monitor's upload is refused at its headers); the form's file part is found; the first
/// bytes show what the file is (its declared type must agree) and the chat checks its quota with
/// what is known of the size (all of it for a small file); the bytes stream into the store, which
/// keeps nothing when the file passes the size limit or stops being text part-way; the chat
/// records them (checking its quota with the exact size). Downloads only for people in the chat.
/// </summary>
internal static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var agent = app.MapGroup("/api/chats/{chatId}/attachments").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Attachments");
        agent.MapPost("", (string chatId, HttpRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, IOptions<AttachmentOptions> options, CancellationToken ct) =>
            Upload(chatId, request, store, options.Value, Idempotency.Key(key), (size, key) => grains.Chat(chatId).EnsureMayAttach(user.Id(), size, key),
                (info, key) => grains.Chat(chatId).AddAgentAttachment(user.Id(), info, key), ct))
            .DisableAntiforgery().AcceptsAttachmentBody().Accepts<AttachmentUploadForm>("multipart/form-data").RequireRateLimiting(RateLimitPolicies.Uploads)
            .Produces<TranscriptEntry>(StatusCodes.Status201Created)
            .Describe("uploadChatAttachment", "Send an attachment", "A9 Limits",
                "Multipart field 'file' (an allowed type, checked from its bytes; at most the configured size), streamed into the store once. The chat decides first whether this sender may attach and has quota, before the body is read: a refused upload stores nothing.", 403, 404, 409);
        agent.MapGet("/{attachmentId}", async (string chatId, string attachmentId, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, HttpContext http, CancellationToken ct) =>
        {
            // A9: the chat decides who may receive it.
            var info = await grains.Chat(chatId).GetAttachment(user.Id(), attachmentId);
            return await Download(http, chatId, info, store, ct);
        }).Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")
            .Describe("downloadChatAttachment", "Download an attachment", Rules.A9, "The file's bytes under its checked type (sent with nosniff), for the agents in the chat.", 403, 404);

        var endUser = app.MapGroup("/api/enduser/chat/attachments").RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user");
        endUser.MapPost("", (HttpRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, IOptions<AttachmentOptions> options, CancellationToken ct) =>
            Upload(user.ChatId(), request, store, options.Value, Idempotency.Key(key), (size, key) => grains.Chat(user.ChatId()).EnsureEndUserMayAttach(user.Id(), size, key),
                (info, key) => grains.Chat(user.ChatId()).AddEndUserAttachment(user.Id(), info, key), ct))
            .DisableAntiforgery().AcceptsAttachmentBody().Accepts<AttachmentUploadForm>("multipart/form-data").RequireRateLimiting(RateLimitPolicies.Uploads)
            .Produces<TranscriptEntry>(StatusCodes.Status201Created)
            .Describe("uploadEndUserAttachment", "Send an attachment", "A9 Limits",
                "Multipart field 'file', as for agents: streamed once, the type checked from the bytes, the chat's permission and quota before the body is read.", 403, 404, 409);
        endUser.MapGet("/{attachmentId}", async (string attachmentId, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, HttpContext http, CancellationToken ct) =>
        {
            var info = await grains.Chat(user.ChatId()).GetEndUserAttachment(user.Id(), attachmentId);
            return await Download(http, user.ChatId(), info, store, ct);
        }).Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")
            .Describe("downloadEndUserAttachment", "Download an attachment", Rules.A9, "The file's bytes, for the end user of the chat.", 403, 404);
    }

    /// <summary>Bytes read before anything is stored: a file this small is judged whole (type, text, exact quota) first.</summary>
    private const int HeadBytes = 64 * 1024;

    private static async Task<IResult> Upload(string chatId, HttpRequest request, IAttachmentStore store, AttachmentOptions options, string? key,
        Func<long, string?, Task> ensureMayAttach, Func<AttachmentInfo, string?, Task<TranscriptEntry>> record, CancellationToken ct)
    {
        // A9 and the chat's quota (a file of at least one byte), before a byte of the body is read.
        await ensureMayAttach(1, key);

        var file = await AttachmentForm.FindFile(request, ct);
        // No file system names a file longer than 255: a longer name is a malformed request, not one to shorten.
        if (file.FileName?.Length > 255)
            throw new RuleViolationException(Rules.A9, RefusalKind.Invalid, "File names are limited to 255 characters.");
        var declared = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!AttachmentTypes.IsGeneric(declared) && !options.AllowedContentTypes.Contains(declared))
            throw new RuleViolationException(Rules.A9, RefusalKind.Invalid, $"Files of type '{declared}' cannot be attached.");

        // The head: the signature, or for text its first bytes; a small file is all there.
        var head = new byte[HeadBytes + 1];
        int read;
        try
        {
            read = await file.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }
        catch (IOException error) when (AttachmentForm.Truncated(error))
        {
            throw AttachmentForm.Ended();
        }
        var complete = read <= HeadBytes;
        if (read == 0)
            throw new RuleViolationException(Rules.A9, RefusalKind.Invalid, "Send one non-empty file in the form field 'file'.");
        if (read > options.MaxBytes)
            throw new RuleViolationException(Rules.A9, RefusalKind.Invalid, $"Attachments are limited to {options.MaxBytes / (1024 * 1024)} MB.");
        var kind = AttachmentTypes.FromSignature(head.AsSpan(0, Math.Min(read, AttachmentTypes.HeadLength)));
        TextCheck? text = null;
        if (kind is null)
        {
            // No signature: text, known from all of it; the rest is checked as it streams.
            text = new TextCheck();
            if (text.Accepts(head.AsSpan(0, read), flush: complete)) kind = AttachmentTypes.Text;
        }
        var contentType = kind is null ? null : AttachmentTypes.IsGeneric(declared) ? kind.ContentTypes[0] : kind.ContentTypes.Contains(declared) ? declared : null;
        if (kind is null || contentType is null || !options.AllowedContentTypes.Contains(contentType))
            throw new RuleViolationException(Rules.A9, RefusalKind.Invalid, AttachmentTypes.IsGeneric(declared)
                ? "The file's content is not a type that can be attached."
                : $"The file's content is not {declared}: its bytes do not match the type it was sent as.");
        // The exact size of a small file; of a large one what is known so far (the chat checks the exact size when it records it).
        await ensureMayAttach(read, key);

        var attachmentId = Guid.NewGuid().ToString("N");
        var content = new InspectedUpload(head.AsMemory(0, read), complete, file.Body, options.MaxBytes, complete ? null : text);
        try
        {
            // Bytes first, then the chat's record: nothing acknowledged points at missing bytes.
            await store.SaveAsync(chatId, attachmentId, content, ct);
        }
        catch (Exception error)
        {
            await store.DeleteAsync(chatId, attachmentId);
            if (content.Refusal is { } refusal) throw refusal;
            if (error is IOException io && AttachmentForm.Truncated(io)) throw AttachmentForm.Ended();
            throw;
        }
        var info = new AttachmentInfo(attachmentId, AttachmentFileNames.Clean(file.FileName, kind), contentType, content.BytesRead);
        try
        {
            var entry = await record(info, key);
            // A retry (same Idempotency-Key) gets the file its first attempt recorded: this copy is not needed.
            if (entry.Attachment is { } recorded && recorded.AttachmentId != info.AttachmentId)
                await store.DeleteAsync(chatId, info.AttachmentId);
            return Results.Created($"attachments/{entry.Attachment?.AttachmentId ?? info.AttachmentId}", entry);
        }
        catch
        {
            await store.DeleteAsync(chatId, info.AttachmentId);
            throw;
        }
    }

    private static async Task<IResult> Download(HttpContext http, string chatId, AttachmentInfo info, IAttachmentStore store, CancellationToken ct)
    {
        var content = await store.OpenAsync(chatId, info.AttachmentId, ct)
            ?? throw new RuleViolationException(Rules.A9, RefusalKind.NotFound, "The attachment's content is missing.");
        // Browsers take the stored type as it is (checked from the bytes at upload), never guess another.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(content, info.ContentType, info.FileName);
    }
}

/// <summary>What an upload sends, for the OpenAPI document: one file in the multipart/form-data field "file".</summary>
public sealed class AttachmentUploadForm
{
    public required IFormFile File { get; init; }
}
