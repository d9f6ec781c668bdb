namespace LiveChat.Gateway.Tests;

using System.Net.Http.Headers;

/// <summary>A9 over HTTP: multipart upload with a size limit and a type allow-list; downloads only for people in the chat.</summary>
public sealed class AttachmentTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static MultipartFormDataContent File(byte[] bytes, string contentType, string name = "notes.txt")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Fact]
    public async Task A9_end_user_and_assignee_exchange_files_that_only_chat_members_can_download()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        var bytes = "invoice 42 looks wrong"u8.ToArray();

        var upload = await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", File(bytes, "text/plain", "invoice.txt"));
        await Problems.EnsureSuccess(upload);
        var entry = await upload.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json);
        var attachmentId = entry.GetProperty("attachment").GetProperty("attachmentId").GetString();

        var download = await alice.Get($"/api/chats/{endUser.ChatId}/attachments/{attachmentId}");
        await Problems.EnsureSuccess(download);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await endUser.Api.Http.GetByteArrayAsync($"/api/enduser/chat/attachments/{attachmentId}"));

        // Bob is not in the chat: receiving attachments (A9) is refused him.
        await Problems.Assert(await bob.Get($"/api/chats/{endUser.ChatId}/attachments/{attachmentId}"), 403, "A9");
        await Problems.Assert(await alice.Get($"/api/chats/{endUser.ChatId}/attachments/no-such-file"), 404, "A9");

        // A PNG's signature: the gateway checks the type from the bytes (security tests: AttachmentHygieneTests).
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var fromAgent = await alice.Http.PostAsync($"/api/chats/{endUser.ChatId}/attachments", File(png, "image/png", "screen.png"));
        await Problems.EnsureSuccess(fromAgent);
    }

    [Fact]
    public async Task A9_oversized_disallowed_or_missing_files_are_refused_and_change_nothing()
    {
        using var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        var before = await alice.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}");

        await Problems.Assert(await alice.Http.PostAsync($"/api/chats/{endUser.ChatId}/attachments",
            File(new byte[10 * 1024 * 1024 + 1], "text/plain")), 400, "A9");
        await Problems.Assert(await alice.Http.PostAsync($"/api/chats/{endUser.ChatId}/attachments",
            File([1, 2], "application/x-msdownload", "tool.exe")), 400, "A9");
        var noFile = new MultipartFormDataContent { { new StringContent("hello"), "comment" } };
        await Problems.Assert(await alice.Http.PostAsync($"/api/chats/{endUser.ChatId}/attachments", noFile), 400, "A9");

        var after = await alice.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}");
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }
}
