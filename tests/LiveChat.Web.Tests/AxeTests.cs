namespace LiveChat.Web.Tests;

/// <summary>
/// axe-core over each page in its real states (signed out, signed in, a chat open, menus, popovers
/// and dialogs open, a dashboard with many chats): no violation of the WCAG 2.1 A and AA rules.
/// Each test checks every state before failing, so one run lists everything to fix.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AxeTests(WebFixture web)
{
    [AxeFact]
    public async Task End_user_page_has_no_WCAG_21_AA_violation_in_any_state()
    {
        using var api = new DemoApi(web.BaseUrl);
        var audit = new AxeAudit();
        await using var visitor = await web.OpenAsync("visitor", phone: true);
        var page = visitor.Page;

        await page.GotoAsync("/");
        await Expect(page.GetByLabel("Your name")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/ start form");

        await page.GetByLabel("Your name").FillAsync("Axel Access");
        await page.GetByLabel("Your question").FillAsync("Can I read this page with a screen reader?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Waiting for an agent");
        await audit.CheckAsync(page, "/ chat waiting");

        var chatId = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");
        var agentId = await api.CreateAgentAsync("axe-eu", "Ava", "Agent", ["billing"]);
        var agent = await api.SignInAsync(agentId);
        await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/accept");
        await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/messages", new { text = "Hello, I am here to help." });
        await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/shared-articles", new { articleId = "kb-101" });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Understanding your invoice" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("Thank you");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).PressAsync("Enter");
        await Expect(page.Locator("#transcript .entry.out")).ToContainTextAsync(["Thank you"]);
        await audit.CheckAsync(page, "/ chatting with an agent");

        await page.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await Expect(page.Locator("#ended-bar")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/ chat ended");

        audit.AssertClean();
        Assert.Empty(visitor.PageErrors);
    }

    [AxeFact]
    public async Task Agent_console_has_no_WCAG_21_AA_violation_in_any_state()
    {
        using var api = new DemoApi(web.BaseUrl);
        var audit = new AxeAudit();
        var assigneeId = await api.CreateAgentAsync("axe-as", "Asha", "Assignee", ["billing"]);
        var inviteeId = await api.CreateAgentAsync("axe-in", "Ines", "Invitee", ["billing"]);
        await using var assignee = await web.OpenAsync("assignee");
        await using var invitee = await web.OpenAsync("invitee");
        var a = assignee.Page;

        await a.GotoAsync("/agent.html");
        await Expect(a.GetByRole(AriaRole.Button, new() { Name = "Sign in as alice" })).ToBeVisibleAsync();
        await audit.CheckAsync(a, "/agent.html sign-in");

        await SignInByIdAsync(a, "/agent.html", assigneeId);
        await Expect(a.Locator("#assigned-list")).ToContainTextAsync("No chats assigned to you.");
        await audit.CheckAsync(a, "/agent.html signed in, no chat");

        var (chatId, endUser) = await api.StartChatAsync("billing", "Axel Access", "My invoice is unreadable");
        await a.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        var waiting = a.Locator($".waiting-item[data-chat-id='{chatId}']");
        await Expect(waiting).ToBeVisibleAsync();
        await audit.CheckAsync(a, "/agent.html Queue tab with a waiting chat");

        await waiting.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var panel = a.Locator("article.chat-panel");
        await Expect(panel).ToHaveAttributeAsync("data-role", "Assignee");
        var message = panel.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });
        await message.FillAsync("Hello Axel, let me look.");
        await message.PressAsync("Enter");
        await DemoApi.PostAsync(endUser, "/api/enduser/chat/messages", new { text = "Thanks!" });
        await Expect(panel.Locator(".transcript")).ToContainTextAsync("Thanks!");
        await panel.GetByText("Side note (agents only)").ClickAsync();
        var note = panel.GetByRole(AriaRole.Textbox, new() { Name = "Side note", Exact = true });
        await note.FillAsync("Customer uses a screen reader.");
        await note.PressAsync("Enter");
        await Expect(panel.Locator(".entry.note")).ToContainTextAsync("screen reader");
        await audit.CheckAsync(a, "/agent.html chat open as assignee (side-note mode)");
        await panel.GetByText("Side note (agents only)").ClickAsync();

        await panel.GetByText("Canned text").ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Refund timing" })).ToBeVisibleAsync();
        await audit.CheckAsync(a, "/agent.html canned text menu open");
        await panel.GetByText("Canned text").ClickAsync();

        await panel.GetByText("Chat actions").ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Invite…" })).ToBeVisibleAsync();
        await audit.CheckAsync(a, "/agent.html Chat actions menu open");

        await api.SignInAsync(inviteeId);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Invite…" }).ClickAsync();
        var dialog = a.GetByRole(AriaRole.Dialog, new() { Name = "Invite to chat" });
        await dialog.GetByLabel("Find an agent").FillAsync("Ines");
        await Expect(dialog.GetByLabel("Ines Invitee")).ToBeVisibleAsync();
        await audit.CheckAsync(a, "/agent.html Invite dialog with a result");
        await dialog.GetByLabel("Ines Invitee").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var plus = panel.Locator(".invites-indicator > button");
        await Expect(plus).ToHaveTextAsync("+1");
        await plus.ClickAsync();
        await Expect(a.GetByRole(AriaRole.Region, new() { Name = "Invite details" })).ToBeVisibleAsync();
        await audit.CheckAsync(a, "/agent.html invite details open");
        await plus.ClickAsync();

        var i = invitee.Page;
        await SignInByIdAsync(i, "/agent.html", inviteeId);
        await i.GetByRole(AriaRole.Tab, new() { Name = "Invites" }).ClickAsync();
        var card = i.Locator($".invite-card[data-chat-id='{chatId}']");
        await Expect(card).ToBeVisibleAsync();
        await audit.CheckAsync(i, "/agent.html Invites tab with an invite");
        await card.GetByRole(AriaRole.Button, new() { Name = "Participate" }).ClickAsync();
        await Expect(i.Locator("article.chat-panel")).ToHaveAttributeAsync("data-role", "Participant");
        await Expect(i.Locator("article.chat-panel .transcript")).ToContainTextAsync("Thanks!");
        await audit.CheckAsync(i, "/agent.html chat open as participant");

        await panel.GetByText("Chat actions").ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        var confirm = a.GetByRole(AriaRole.Dialog, new() { Name = "End this chat?" });
        await Expect(confirm).ToBeVisibleAsync();
        await audit.CheckAsync(a, "/agent.html confirm dialog open");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await Expect(panel.Locator(".notice")).ToHaveTextAsync("This chat has ended.");
        await audit.CheckAsync(a, "/agent.html chat ended");

        audit.AssertClean();
        Assert.Empty(assignee.PageErrors);
        Assert.Empty(invitee.PageErrors);
    }

    [AxeFact]
    public async Task Supervisor_dashboard_has_no_WCAG_21_AA_violation_with_many_chats()
    {
        using var api = new DemoApi(web.BaseUrl);
        var audit = new AxeAudit();
        var supervisorId = await api.CreateAgentAsync("axe-sv", "Sofia", "Supervisor", [], role: "Supervisor", supervises: ["billing", "tech"]);
        var agentId = await api.CreateAgentAsync("axe-ag", "Omar", "Overloaded", ["billing"]);
        var agent = await api.SignInAsync(agentId);
        var chats = new List<string>();
        for (var n = 1; n <= 8; n++)
        {
            var (chatId, _) = await api.StartChatAsync("billing", $"Customer {n}", $"Question {n}");
            await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/accept");
            chats.Add(chatId);
        }
        await api.StartChatAsync("billing", "Still Waiting", "Anyone there?");

        await using var supervisor = await web.OpenAsync("supervisor");
        var s = supervisor.Page;
        await s.GotoAsync("/supervisor.html");
        await Expect(s.GetByRole(AriaRole.Button, new() { Name = "Sign in as sam" })).ToBeVisibleAsync();
        await audit.CheckAsync(s, "/supervisor.html sign-in");

        await SignInByIdAsync(s, "/supervisor.html", supervisorId);
        var billing = s.Locator("#queue-billing");
        foreach (var chatId in chats) await Expect(billing.Locator($".active-chat[data-chat-id='{chatId}']")).ToBeVisibleAsync();
        await Expect(billing.GetByRole(AriaRole.Table)).ToContainTextAsync("Omar Overloaded");
        await audit.CheckAsync(s, "/supervisor.html dashboard with many chats");

        // RP1-RP3: the Reports section with its charts and figures table (ReportsPageTests checks the figures).
        await s.GetByRole(AriaRole.Button, new() { Name = "Reports" }).ClickAsync();
        await Expect(s.Locator("#report-body tr[data-figure='Chats started'] td").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9]"));
        await audit.CheckAsync(s, "/supervisor.html reports");
        await s.GetByRole(AriaRole.Button, new() { Name = "Live dashboard" }).ClickAsync();
        await Expect(billing).ToBeVisibleAsync();

        await billing.Locator($".active-chat[data-chat-id='{chats[0]}']").GetByRole(AriaRole.Button, new() { Name = "Join as Monitor" }).ClickAsync();
        await Expect(s.Locator("article.chat-panel")).ToHaveAttributeAsync("data-role", "Monitor");
        await Expect(s.Locator("article.chat-panel .transcript")).ToContainTextAsync("Question 1");
        await audit.CheckAsync(s, "/supervisor.html chat open as monitor");

        await billing.Locator($".active-chat[data-chat-id='{chats[1]}']").GetByRole(AriaRole.Button, new() { Name = "Join as Participant" }).ClickAsync();
        await Expect(s.Locator("article.chat-panel")).ToHaveAttributeAsync("data-role", "Participant");
        await Expect(s.Locator("article.chat-panel .transcript")).ToContainTextAsync("Question 2");
        await audit.CheckAsync(s, "/supervisor.html chat open as participant");

        await s.Locator("article.chat-panel").GetByRole(AriaRole.Button, new() { Name = "Leave chat" }).ClickAsync();
        await Expect(s.GetByRole(AriaRole.Dialog, new() { Name = "Leave this chat?" })).ToBeVisibleAsync();
        await audit.CheckAsync(s, "/supervisor.html leave dialog open");

        audit.AssertClean();
        Assert.Empty(supervisor.PageErrors);
    }

    [AxeFact]
    public async Task Admin_page_has_no_WCAG_21_AA_violation_in_any_state()
    {
        var audit = new AxeAudit();
        await using var admin = await web.OpenAsync("admin");
        var page = admin.Page;
        await page.GotoAsync("/admin.html");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in as ada" })).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/admin.html sign-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as ada" }).ClickAsync();
        await Expect(page.Locator("#agents tr[data-agent-id='alice']")).ToBeVisibleAsync();
        await Expect(page.Locator("#audit li").First).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/admin.html signed in");

        await page.GetByRole(AriaRole.Button, new() { Name = "New agent" }).ClickAsync();
        await Expect(page.GetByLabel("Agent id")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save agent" }).ClickAsync();
        await Expect(page.Locator("#editor-error")).Not.ToBeEmptyAsync();
        await audit.CheckAsync(page, "/admin.html agent editor with an error");

        await page.GetByRole(AriaRole.Button, new() { Name = "New queue" }).ClickAsync();
        await Expect(page.GetByLabel("Queue id")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/admin.html queue editor");

        audit.AssertClean();
        Assert.Empty(admin.PageErrors);
    }

    private static async Task SignInByIdAsync(IPage page, string path, string agentId)
    {
        if (!page.Url.EndsWith(path, StringComparison.Ordinal)) await page.GotoAsync(path);
        await page.Locator("#agent-id").FillAsync(agentId);
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
    }
}

/// <summary>Collects axe's findings over several states of the pages, then fails once with all of them.</summary>
public sealed class AxeAudit
{
    private readonly List<string> _failures = [];

    public async Task CheckAsync(IPage page, string state)
    {
        try
        {
            await Axe.AssertNoViolationsAsync(page, state);
        }
        catch (Xunit.Sdk.FailException failure)
        {
            _failures.Add(failure.Message);
        }
    }

    public void AssertClean() => Assert.True(_failures.Count == 0, string.Join("\n\n", _failures));
}
