namespace LiveChat.Gateway.Tests;

using Api = LiveChat.Client;

/// <summary>
/// A9 over HTTP: multipart upload with a size limit and a type allow-list; downloads only for
/// people in the chat. Written against the client library (the generated client's upload and
/// download methods).
/// </summary>
public sealed class AttachmentTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static Api.FileParameter File(byte[] bytes, string contentType, string name = "notes.txt") =>
        new(new MemoryStream(bytes), name, contentType);

    private static async Task<(byte[] Bytes, string? MediaType)> Read(Task<Api.FileResponse> download)
    {
        using var file = await download;
        using var copy = new MemoryStream();
        await file.Stream.CopyToAsync(copy);
        var contentType = file.Headers.TryGetValue("Content-Type", out var values) ? values.FirstOrDefault() : null;
        return (copy.ToArray(), contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType).MediaType);
    }

    [Fact]
    public async Task A9_end_user_and_assignee_exchange_files_that_only_chat_members_can_download()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        var bytes = "invoice 42 looks wrong"u8.ToArray();

        var entry = await endUser.Api.Client.UploadEndUserAttachmentAsync(file: File(bytes, "text/plain", "invoice.txt"));
        var attachmentId = entry.Attachment!.AttachmentId;

        var download = await Read(alice.Client.DownloadChatAttachmentAsync(endUser.ChatId, attachmentId));
        Assert.Equal(bytes, download.Bytes);
        Assert.Equal("text/plain", download.MediaType);
        Assert.Equal(bytes, (await Read(endUser.Api.Client.DownloadEndUserAttachmentAsync(attachmentId))).Bytes);

        // Bob is not in the chat: receiving attachments (A9) is refused him.
        await Problems.Refused(() => bob.Client.DownloadChatAttachmentAsync(endUser.ChatId, attachmentId), 403, "A9");
        await Problems.Refused(() => alice.Client.DownloadChatAttachmentAsync(endUser.ChatId, "no-such-file"), 404, "A9");

        // A PNG's signature: the gateway checks the type from the bytes (security tests: AttachmentHygieneTests).
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var fromAgent = await alice.Client.UploadChatAttachmentAsync(endUser.ChatId, file: File(png, "image/png", "screen.png"));
        Assert.NotNull(fromAgent.Attachment);
    }

    [Fact]
    public async Task A9_oversized_disallowed_or_missing_files_are_refused_and_change_nothing()
    {
        using var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        var before = JsonSerializer.Serialize(await alice.Client.GetChatAsync(endUser.ChatId));

        await Problems.Refused(() => alice.Client.UploadChatAttachmentAsync(endUser.ChatId,
            file: File(new byte[10 * 1024 * 1024 + 1], "text/plain")), 400, "A9");
        await Problems.Refused(() => alice.Client.UploadChatAttachmentAsync(endUser.ChatId,
            file: File([1, 2], "application/x-msdownload", "tool.exe")), 400, "A9");
        // Raw HTTP on purpose: a form without its file field is malformed input no generated client sends.
        var noFile = new MultipartFormDataContent { { new StringContent("hello"), "comment" } };
        await Problems.Assert(await alice.Http.PostAsync($"/api/chats/{endUser.ChatId}/attachments", noFile), 400, "A9");

        Assert.Equal(before, JsonSerializer.Serialize(await alice.Client.GetChatAsync(endUser.ChatId)));
    }
}
