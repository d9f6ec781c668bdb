namespace LiveChat.Gateway.Endpoints;

using System.Security.Claims;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Hardening;
using Microsoft.Extensions.Options;

/// <summary>
/// A9: multipart upload (size limit, content-type allow-list) stored durably before the chat
/// records it; downloads only for people in the chat.
/// </summary>
internal static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var agent = app.MapGroup("/api/chats/{chatId}/attachments").RequireAuthorization(LiveChatClaims.AgentPolicy).WithTags("Attachments");
        agent.MapPost("", (string chatId, IFormFile? file, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, IOptions<AttachmentOptions> options, CancellationToken ct) =>
            Upload(chatId, file, store, options.Value, info => grains.Chat(chatId).AddAgentAttachment(user.Id(), info), ct))
            .DisableAntiforgery().AcceptsAttachmentBody().RequireRateLimiting(RateLimitPolicies.Uploads);
        agent.MapGet("/{attachmentId}", async (string chatId, string attachmentId, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, CancellationToken ct) =>
        {
            // A9: the chat decides who may receive it.
            var info = await grains.Chat(chatId).GetAttachment(user.Id(), attachmentId);
            return await Download(chatId, info, store, ct);
        });

        var endUser = app.MapGroup("/api/enduser/chat/attachments").RequireAuthorization(LiveChatClaims.EndUserPolicy).WithTags("End user");
        endUser.MapPost("", (IFormFile? file, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, IOptions<AttachmentOptions> options, CancellationToken ct) =>
            Upload(user.ChatId(), file, store, options.Value, info => grains.Chat(user.ChatId()).AddEndUserAttachment(user.Id(), info), ct))
            .DisableAntiforgery().AcceptsAttachmentBody().RequireRateLimiting(RateLimitPolicies.Uploads);
        endUser.MapGet("/{attachmentId}", async (string attachmentId, ClaimsPrincipal user, IGrainFactory grains, IAttachmentStore store, CancellationToken ct) =>
        {
            var info = await grains.Chat(user.ChatId()).GetEndUserAttachment(user.Id(), attachmentId);
            return await Download(user.ChatId(), info, store, ct);
        });
    }

    private static async Task<IResult> Upload(string chatId, IFormFile? file, IAttachmentStore store, AttachmentOptions options,
        Func<AttachmentInfo, Task<TranscriptEntry>> record, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            throw new RuleViolationException("A9", RefusalKind.Invalid, "Send one non-empty file in the form field 'file'.");
        if (file.Length > options.MaxBytes)
            throw new RuleViolationException("A9", RefusalKind.Invalid, $"Attachments are limited to {options.MaxBytes / (1024 * 1024)} MB.");
        var contentType = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!options.AllowedContentTypes.Contains(contentType))
            throw new RuleViolationException("A9", RefusalKind.Invalid, $"Files of type '{contentType}' cannot be attached.");
        var name = Path.GetFileName(file.FileName ?? "");
        var info = new AttachmentInfo(Guid.NewGuid().ToString("N"), string.IsNullOrWhiteSpace(name) ? "attachment" : name, contentType, file.Length);

        // Bytes first, then the chat's record: nothing acknowledged points at missing bytes.
        await using (var content = file.OpenReadStream()) await store.SaveAsync(chatId, info.AttachmentId, content, ct);
        try
        {
            var entry = await record(info);
            return Results.Created($"attachments/{info.AttachmentId}", entry);
        }
        catch
        {
            await store.DeleteAsync(chatId, info.AttachmentId);
            throw;
        }
    }

    private static async Task<IResult> Download(string chatId, AttachmentInfo info, IAttachmentStore store, CancellationToken ct)
    {
        var content = await store.OpenAsync(chatId, info.AttachmentId, ct)
            ?? throw new RuleViolationException("A9", RefusalKind.NotFound, "The attachment's content is missing.");
        return Results.File(content, info.ContentType, info.FileName);
    }
}
