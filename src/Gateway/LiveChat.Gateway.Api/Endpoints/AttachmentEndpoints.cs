namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Hardening;
using Microsoft.AspNetCore.Mvc;
using LiveChat.Gateway.OpenApi;
using Microsoft.Extensions.Options;

/// <summary>
/// A9: multipart upload. In order: the file's size against the gateway's limit; the chat says
/// whether this sender may attach now and whether its quota has room (nothing stored yet); the
/// bytes show what the file is (its declared type must agree) and its name is cleaned; the bytes
/// are stored durably; the chat records them (checking its quota again). Downloads only for
/// people in the chat.
/// </summary>
internal static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var agent = app.MapGroup("/api/chats/{chatId}/attachments").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Attachments");
        agent.MapPost("", (string chatId, IFormFile? file, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, IOptions<AttachmentOptions> options, CancellationToken ct) =>
            Upload(chatId, file, store, options.Value, Idempotency.Key(key), (size, key) => grains.Chat(chatId).EnsureMayAttach(user.Id(), size, key),
                (info, key) => grains.Chat(chatId).AddAgentAttachment(user.Id(), info, key), ct))
            .DisableAntiforgery().AcceptsAttachmentBody().RequireRateLimiting(RateLimitPolicies.Uploads)
            .Produces<TranscriptEntry>(StatusCodes.Status201Created)
            .Describe("uploadChatAttachment", "Send an attachment", "A9 Limits",
                "Multipart field 'file' (an allowed type, checked from its bytes; at most the configured size). The chat decides first whether this sender may attach and has quota: a refused upload stores nothing.", 403, 404, 409);
        agent.MapGet("/{attachmentId}", async (string chatId, string attachmentId, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, HttpContext http, CancellationToken ct) =>
        {
            // A9: the chat decides who may receive it.
            var info = await grains.Chat(chatId).GetAttachment(user.Id(), attachmentId);
            return await Download(http, chatId, info, store, ct);
        }).Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")
            .Describe("downloadChatAttachment", "Download an attachment", "A9", "The file's bytes under its checked type (sent with nosniff), for the agents in the chat.", 403, 404);

        var endUser = app.MapGroup("/api/enduser/chat/attachments").RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user");
        endUser.MapPost("", (IFormFile? file, [FromHeader(Name = IdempotencyKeys.Header)] string? key, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, IOptions<AttachmentOptions> options, CancellationToken ct) =>
            Upload(user.ChatId(), file, store, options.Value, Idempotency.Key(key), (size, key) => grains.Chat(user.ChatId()).EnsureEndUserMayAttach(user.Id(), size, key),
                (info, key) => grains.Chat(user.ChatId()).AddEndUserAttachment(user.Id(), info, key), ct))
            .DisableAntiforgery().AcceptsAttachmentBody().RequireRateLimiting(RateLimitPolicies.Uploads)
            .Produces<TranscriptEntry>(StatusCodes.Status201Created)
            .Describe("uploadEndUserAttachment", "Send an attachment", "A9 Limits",
                "Multipart field 'file', as for agents: the type is checked from the bytes, the chat's quota before anything is stored.", 403, 404, 409);
        endUser.MapGet("/{attachmentId}", async (string attachmentId, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, HttpContext http, CancellationToken ct) =>
        {
            var info = await grains.Chat(user.ChatId()).GetEndUserAttachment(user.Id(), attachmentId);
            return await Download(http, user.ChatId(), info, store, ct);
        }).Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")
            .Describe("downloadEndUserAttachment", "Download an attachment", "A9", "The file's bytes, for the end user of the chat.", 403, 404);
    }

    private static async Task<IResult> Upload(string chatId, IFormFile? file, IAttachmentStore store, AttachmentOptions options, string? key,
        Func<long, string?, Task> ensureMayAttach, Func<AttachmentInfo, string?, Task<TranscriptEntry>> record, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            throw new RuleViolationException("A9", RefusalKind.Invalid, "Send one non-empty file in the form field 'file'.");
        if (file.Length > options.MaxBytes)
            throw new RuleViolationException("A9", RefusalKind.Invalid, $"Attachments are limited to {options.MaxBytes / (1024 * 1024)} MB.");
        // No file system names a file longer than 255: a longer name is a malformed request, not one to shorten.
        if (file.FileName?.Length > 255)
            throw new RuleViolationException("A9", RefusalKind.Invalid, "File names are limited to 255 characters.");
        var declared = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!AttachmentTypes.IsGeneric(declared) && !options.AllowedContentTypes.Contains(declared))
            throw new RuleViolationException("A9", RefusalKind.Invalid, $"Files of type '{declared}' cannot be attached.");

        // A9 and the chat's quota, before a byte reaches the store: a monitor's upload stores nothing.
        await ensureMayAttach(file.Length, key);

        (AttachmentTypes.Kind Kind, string ContentType)? identified;
        await using (var head = file.OpenReadStream()) identified = await AttachmentTypes.Identify(head, declared, file.Length, ct);
        if (identified is not { } type || !options.AllowedContentTypes.Contains(type.ContentType))
            throw new RuleViolationException("A9", RefusalKind.Invalid, AttachmentTypes.IsGeneric(declared)
                ? "The file's content is not a type that can be attached."
                : $"The file's content is not {declared}: its bytes do not match the type it was sent as.");
        var info = new AttachmentInfo(Guid.NewGuid().ToString("N"), AttachmentFileNames.Clean(file.FileName, type.Kind), type.ContentType, file.Length);

        // Bytes first, then the chat's record: nothing acknowledged points at missing bytes.
        await using (var content = file.OpenReadStream()) await store.SaveAsync(chatId, info.AttachmentId, content, ct);
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
            ?? throw new RuleViolationException("A9", RefusalKind.NotFound, "The attachment's content is missing.");
        // Browsers take the stored type as it is (checked from the bytes at upload), never guess another.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(content, info.ContentType, info.FileName);
    }
}
