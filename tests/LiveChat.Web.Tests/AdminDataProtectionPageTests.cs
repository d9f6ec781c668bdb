namespace LiveChat.Web.Tests;

using System.Text;

/// <summary>
/// The admin page's Data protection section (docs/rules.md E1-E6): set a queue's retention, find an
/// end user's chats, export them as a JSON download (E5), erase them after confirming (E3), see the
/// erasure in the audit trail (E6); the section's states have no WCAG 2.1 AA violation.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AdminDataProtectionPageTests(WebFixture web)
{
    [AxeFact]
    public async Task E1_E3_E5_admin_sets_retention_exports_and_erases_an_end_users_chat_from_the_page()
    {
        var marker = "erase-me-" + Guid.NewGuid().ToString("N");
        using var api = new DemoApi(web.BaseUrl);
        var (chatId, endUserId) = await api.StartChatOfAsync("billing", "Pat Private", $"Hello {marker}");
        var alice = await api.SignInAsync("alice");
        await DemoApi.PostAsync(alice, $"/api/chats/{chatId}/accept");
        await DemoApi.PostAsync(alice, $"/api/chats/{chatId}/messages", new { text = $"Answer {marker}" });
        await DemoApi.PostAsync(alice, $"/api/chats/{chatId}/end");

        var audit = new AxeAudit();
        await using var ada = await web.OpenAsync("ada");
        var page = ada.Page;
        await page.GotoAsync("/admin.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as ada" }).ClickAsync();
        await Expect(page.Locator("#me-name")).ToHaveTextAsync("Ada Admin");

        // E1: the queue's retention.
        await page.GetByLabel("Queue", new() { Exact = true }).SelectOptionAsync("tech");
        await Expect(page.Locator("#retention-status")).ToContainTextAsync("tech:");
        await page.GetByLabel("Keep ended chats (days)").FillAsync("90");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save retention" }).ClickAsync();
        await Expect(page.Locator("#retention-status")).ToContainTextAsync("kept 90 days");
        await page.GetByLabel("Keep ended chats (days)").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save retention" }).ClickAsync();
        await Expect(page.Locator("#retention-error")).ToContainTextAsync("E1:");

        // E3: the end user's chats, by its end-user id.
        await page.GetByLabel("End-user id").FillAsync(endUserId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find chats" }).ClickAsync();
        await Expect(page.Locator($"#subject-chats li[data-chat-id='{chatId}']")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/admin.html data protection: an end user's chats found, a retention refused");

        // E5: the export downloads as one JSON file with what the end user saw.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Export as JSON" }).ClickAsync());
        Assert.Equal("end-user-export.json", download.SuggestedFilename);
        var exported = await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8);
        Assert.Contains($"Answer {marker}", exported);
        Assert.Contains(chatId, exported);

        // E3: erased after confirming; the audit trail says so without the content.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase every chat" }).ClickAsync();
        await Expect(page.Locator("#subject-result")).ToHaveTextAsync("Erased 1 chats and 0 files.");
        var entry = page.Locator("#audit li[data-action='EraseEndUser']").First;
        await Expect(entry).ToContainTextAsync(chatId);
        await Expect(page.Locator("#audit")).Not.ToContainTextAsync(marker);
        await audit.CheckAsync(page, "/admin.html data protection: an end user erased");

        // Erasing again finds nothing kept (E3, 404), shown with its rule.
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase every chat" }).ClickAsync();
        await Expect(page.Locator("#subject-error")).ToContainTextAsync("E3:");

        audit.AssertClean();
        Assert.Empty(ada.PageErrors);
    }
}
