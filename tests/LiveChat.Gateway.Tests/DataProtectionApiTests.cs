namespace LiveChat.Gateway.Tests;

using System.Text;
using Api = LiveChat.Client;

/// <summary>
/// Retention and erasure over HTTP (docs/rules.md E1-E8): an admin lists, exports and erases one end
/// user's chats and sets a queue's retention; the export streams what the end user saw; the erased
/// chat's file leaves the attachment store; non-admins are refused and bad requests are problems
/// with their rule ids.
/// </summary>
public sealed class DataProtectionApiTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task E3_E5_E8_an_admin_exports_then_erases_an_end_users_chat_and_its_file_leaves_the_store()
    {
        using var alice = await gateway.SignIn("alice");
        var marker = "erase-me-" + Guid.NewGuid().ToString("N");
        var endUser = await gateway.StartChat("billing", firstMessage: $"Hello {marker}");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = $"My account {marker}" });
        await alice.Client.AddSideNoteAsync(endUser.ChatId, new() { Text = $"Internal {marker}" });
        await endUser.Api.Client.UploadEndUserAttachmentAsync(file: new Api.FileParameter(
            new MemoryStream(Encoding.UTF8.GetBytes($"statement {marker}")), "statement.txt", "text/plain"));
        await alice.Client.EndChatAsync(endUser.ChatId);
        Assert.True(StoreHolds(marker), "The uploaded file should be in the attachment store (else this test proves nothing).");

        using var ada = await gateway.SignIn("ada", presence: null);
        var subject = new Api.DataSubjectBody { EndUserId = endUser.Api.Id };
        var listed = await ada.Client.ListEndUserChatsAsync(subject);
        Assert.Equal(endUser.ChatId, Assert.Single(listed.Chats).ChatId);

        // E5: what the end user saw, nothing internal, streamed as one file.
        var export = await ada.Client.ExportEndUserAsync(subject);
        var chat = Assert.Single(export.Chats);
        Assert.Equal((endUser.ChatId, "billing"), (chat.ChatId, chat.QueueId));
        Assert.Equal(endUser.Api.Id, chat.EndUser!.EndUserId);
        Assert.Contains(chat.Entries, e => e.Text == $"My account {marker}");
        Assert.DoesNotContain(chat.Entries, e => e.Text.Contains("Internal", StringComparison.Ordinal));
        Assert.Equal("statement.txt", Assert.Single(chat.Attachments).FileName);

        var report = await ada.Client.EraseEndUserAsync(subject);
        Assert.Equal((endUser.ChatId, 1), (Assert.Single(report.Erased).ChatId, report.Attachments));
        Assert.Empty((await ada.Client.ListEndUserChatsAsync(subject)).Chats);
        await Problems.Refused(() => endUser.Api.Client.GetEndUserChatAsync(), 404, "E2");
        await Problems.Refused(() => alice.Client.GetChatAsync(endUser.ChatId), 404, "E2");
        // The gateway deletes the erased chat's file from its store within its erasure interval (5 s).
        await GatewayFactory.WaitUntil(() => Task.FromResult(!StoreHolds(marker)), TimeSpan.FromSeconds(30), "the erased chat's file to leave the store");

        var audit = await ada.Client.ReadDirectoryAuditAsync(max: 20);
        var erase = Assert.Single(audit.Entries, e => e.Action == "EraseEndUser" && e.Detail!.Contains(endUser.ChatId, StringComparison.Ordinal));
        Assert.StartsWith("end-user:", erase.Target);
        Assert.DoesNotContain(endUser.Api.Id, erase.Target + erase.Detail);
    }

    [Fact]
    public async Task E1_E3_E4_non_admins_are_refused_and_bad_requests_are_problems_with_their_rule_ids()
    {
        using var alice = await gateway.SignIn("alice");
        var subject = new Api.DataSubjectBody { SiteId = "shop", CustomerId = "c-1" };
        await Problems.Refused(() => alice.Client.EraseEndUserAsync(subject), 403, "Auth");
        await Problems.Refused(() => alice.Client.ExportEndUserAsync(subject), 403, "Auth");
        await Problems.Refused(() => alice.Client.SetRetentionAsync("billing", new() { Days = 30 }), 403, "Auth");
        await Problems.Refused(() => gateway.AnonymousApi().ListEndUserChatsAsync(subject), 401, "Auth");

        using var ada = await gateway.SignIn("ada", presence: null);
        await Problems.Refused(() => ada.Client.EraseEndUserAsync(new() { SiteId = "shop", CustomerId = "c-1", EndUserId = "eu-1" }), 400, "E3");
        await Problems.Refused(() => ada.Client.ExportEndUserAsync(new()), 400, "E3");
        await Problems.Refused(() => ada.Client.SetRetentionAsync("billing", new() { Days = 0 }), 400, "E1");
        await Problems.Refused(() => ada.Client.SetRetentionAsync("no-such-queue", new() { Days = 30 }), 404, "E1");
        await Problems.Assert(await ada.Put("/api/admin/retention/billing", new { }), 400, "E1");

        // E4: an end user still chatting is not erased, and nothing of it is.
        var endUser = await gateway.StartChat("billing");
        var waiting = new Api.DataSubjectBody { EndUserId = endUser.Api.Id };
        await Problems.Refused(() => ada.Client.EraseEndUserAsync(waiting), 409, "E4");
        Assert.Single((await ada.Client.ListEndUserChatsAsync(waiting)).Chats);

        var policy = await ada.Client.SetRetentionAsync("tech", new() { Days = 30 });
        Assert.Equal((30, false), (policy.Days, policy.IsDefault));
        Assert.Equal(30, (await ada.Client.GetRetentionAsync("tech")).Days);
    }

    /// <summary>Whether any file under the gateway's data folder (its attachment store) holds the text.</summary>
    private bool StoreHolds(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var attachments = Path.Combine(gateway.DataFolder, "attachments");
        if (!Directory.Exists(attachments)) return false;
        return Directory.EnumerateFiles(attachments, "*", SearchOption.AllDirectories)
            .Any(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0);
    }
}
