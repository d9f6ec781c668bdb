namespace LiveChat.Web.Tests;

/// <summary>
/// The assignee's Chat actions and the other ways into a chat: a ticket (A4), remote access (A3),
/// a supervisor barging in as Participant (R13, S1), an invite cancelled (R14) and sent again, a
/// participant chatting (A7), a transfer to that participant (A1) who then has the chat once, as
/// assigned (S4), and ends it.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ChatActionsTests(WebFixture web)
{
    [WebFact]
    public async Task Chat_actions_A1_A3_A4_cancel_R14_supervisor_participant_R13_transfer_S4_end()
    {
        await using var endUser = await web.OpenAsync("end user", phone: true);
        await using var carol = await web.OpenAsync("carol");
        await using var bob = await web.OpenAsync("bob");
        await using var sam = await web.OpenAsync("sam");

        var eu = endUser.Page;
        await eu.GotoAsync("/");
        await eu.GetByLabel("Your name").FillAsync("Quinn Receipt");
        await eu.GetByLabel("Your question").FillAsync("I need a receipt for March");
        await eu.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(eu.Locator("#transcript")).ToContainTextAsync("I need a receipt for March");
        var chatId = await eu.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");
        var shortId = chatId[..6];

        // Carol accepts it.
        var c = carol.Page;
        await SignIn(c, "/agent.html", "carol");
        await c.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        var waiting = c.Locator($".waiting-item[data-chat-id='{chatId}']");
        await Expect(waiting).ToBeVisibleAsync();
        await carol.ScreenshotAsync("agent-queue");
        await waiting.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var carolPanel = c.Locator("article.chat-panel");
        await Expect(carolPanel).ToHaveAttributeAsync("data-role", "Assignee");

        // A4: a ticket from the chat; A3: remote access, asked in the open.
        await ChatAction(c, "Create ticket…");
        var ticket = c.GetByRole(AriaRole.Dialog, new() { Name = "Create ticket" });
        await ticket.GetByLabel("Summary").FillAsync("Send March receipt");
        await ticket.GetByRole(AriaRole.Button, new() { Name = "Create ticket" }).ClickAsync();
        await Expect(carolPanel.GetByRole(AriaRole.Region, new() { Name = "Tickets" })).ToContainTextAsync("Send March receipt");
        await ChatAction(c, "Request remote access");
        await Expect(eu.Locator("#transcript")).ToContainTextAsync("The agent asks for remote access to your desktop.");

        // R13: Sam barges in as Participant; the end user is told (S1) and Sam can chat (A7).
        var s = sam.Page;
        await SignIn(s, "/supervisor.html", "sam");
        await s.Locator("#queue-billing").GetByRole(AriaRole.Button, new() { Name = $"Join as Participant, chat {shortId}" }).ClickAsync();
        var samPanel = s.Locator("article.chat-panel");
        await Expect(samPanel).ToHaveAttributeAsync("data-role", "Participant");
        await Expect(eu.Locator("#transcript")).ToContainTextAsync("Sam Sterling joined the chat.");
        var samMessage = samPanel.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });
        await samMessage.FillAsync("Supervisor here, we will sort this out.");
        await samMessage.PressAsync("Enter");
        await Expect(eu.Locator("#transcript")).ToContainTextAsync("Supervisor here, we will sort this out.");
        await Expect(samPanel.GetByText("Side note (agents only)")).ToHaveCountAsync(0);
        await Expect(samPanel.GetByText("Pin an article")).ToHaveCountAsync(0);

        // R14: Carol invites Bob, then cancels; Bob's Invites list empties at once.
        var b = bob.Page;
        await SignIn(b, "/agent.html", "bob");
        await Invite(c, "Bob Baker", "Participant");
        await Expect(b.Locator("#invites-count")).ToHaveTextAsync("1");
        await carolPanel.Locator(".invites-indicator > button").ClickAsync();
        await c.GetByRole(AriaRole.Region, new() { Name = "Invite details" }).GetByRole(AriaRole.Button, new() { Name = "Cancel invite" }).ClickAsync();
        await Expect(c.Locator(".invite-detail[data-status=Cancelled]")).ToHaveCountAsync(1);
        await Expect(b.Locator("#invites-count")).ToHaveTextAsync("");

        // Invited again, Bob participates and chats (A7).
        await Invite(c, "Bob Baker", "Participant");
        await b.GetByRole(AriaRole.Tab, new() { Name = "Invites" }).ClickAsync();
        await b.Locator($".invite-card[data-chat-id='{chatId}']").GetByRole(AriaRole.Button, new() { Name = "Participate", Exact = true }).ClickAsync();
        var bobPanel = b.Locator("article.chat-panel");
        await Expect(bobPanel).ToHaveAttributeAsync("data-role", "Participant");
        await Expect(bobPanel.Locator(".transcript")).ToContainTextAsync("I need a receipt for March");
        await Expect(b.Locator($"#joined-list [data-chat-id='{chatId}']")).ToContainTextAsync("Participant");
        await bob.ScreenshotAsync("agent-participant");

        // A1: Carol transfers the chat to Bob; he now has it once, as assigned (S4).
        await ChatAction(c, "Transfer…");
        var transfer = c.GetByRole(AriaRole.Dialog, new() { Name = "Transfer chat" });
        await transfer.GetByLabel("Agent", new() { Exact = true }).FillAsync("bob");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(carolPanel).ToHaveAttributeAsync("data-role", "None");
        await Expect(c.Locator($"#assigned-list [data-chat-id='{chatId}']")).ToHaveCountAsync(0);
        await Expect(bobPanel).ToHaveAttributeAsync("data-role", "Assignee");
        await Expect(b.Locator($"#assigned-list [data-chat-id='{chatId}']")).ToHaveCountAsync(1);
        await Expect(b.Locator($"#joined-list [data-chat-id='{chatId}']")).ToHaveCountAsync(0);

        // A1: Bob ends the chat; everyone sees it ended.
        await ChatAction(b, "End chat");
        await b.GetByRole(AriaRole.Dialog, new() { Name = "End this chat?" }).GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await Expect(eu.Locator("#status")).ToHaveTextAsync("This chat has ended.");
        await Expect(bobPanel.Locator(".notice")).ToHaveTextAsync("This chat has ended.");
        await Expect(samPanel.Locator(".composer")).ToHaveCountAsync(0);

        foreach (var person in new[] { endUser, carol, bob, sam })
        {
            Assert.True(person.PageErrors.Count == 0,
                $"{person.Person}'s page threw: {string.Join(" | ", person.PageErrors)}; console: {string.Join(" | ", person.ConsoleErrors)}");
        }
    }

    private static async Task SignIn(IPage page, string path, string agentId)
    {
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {agentId}" }).ClickAsync();
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
    }

    private static async Task ChatAction(IPage page, string action)
    {
        var panel = page.Locator("article.chat-panel");
        await panel.GetByText("Chat actions").ClickAsync();
        await panel.Locator(".menu-list").GetByRole(AriaRole.Button, new() { Name = action })
            .Filter(new() { HasNotText = "Offer " }).ClickAsync();
    }

    private static async Task Invite(IPage page, string fullName, string mode)
    {
        await ChatAction(page, "Invite…");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Invite to chat" });
        await dialog.GetByLabel("Find an agent").FillAsync(fullName);
        await dialog.GetByLabel(fullName).CheckAsync();
        await dialog.GetByLabel("Invite as").SelectOptionAsync(mode);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }
}
