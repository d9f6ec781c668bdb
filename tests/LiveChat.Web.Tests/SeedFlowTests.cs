namespace LiveChat.Web.Tests;

using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// The seed's whole invite flow through the three web pages, one browser context per person:
/// an end user starts a chat, Alice accepts it, invites Bob as Participant, Bob rejects (R6, R9),
/// Alice changes the mode to Monitor (R8) and resends, Bob joins as Monitor and cannot type (A7),
/// Sam joins from the dashboard (R13), Alice pins an article Bob sees live (S2), and the end user
/// never learns of the monitors, invites or side notes.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SeedFlowTests(WebFixture web, ITestOutputHelper output)
{
    [WebFact]
    public async Task Seed_flow_R6_R8_R9_R10_R11_R13_S2_S5_end_user_never_sees_monitors()
    {
        await using var endUser = await web.OpenAsync("end user", phone: true);
        await using var alice = await web.OpenAsync("alice");
        await using var bob = await web.OpenAsync("bob", recordNotifications: true);
        await using var sam = await web.OpenAsync("sam");
        try
        {
            await RunSeedFlow(endUser, alice, bob, sam);
        }
        finally
        {
            Report(endUser, alice, bob, sam);
        }
        foreach (var person in new[] { endUser, alice, bob, sam })
        {
            Assert.True(person.PageErrors.Count == 0, $"{person.Person}'s page threw: {string.Join(" | ", person.PageErrors)}");
            Assert.True(person.CspViolations.Count == 0, $"{person.Person}'s page broke its Content-Security-Policy: {string.Join(" | ", person.CspViolations)}");
            // Nothing third-party from elsewhere: every request stays on the gateway's origin.
            var foreign = person.RequestedUrls.Where(u => !u.StartsWith(web.BaseUrl, StringComparison.Ordinal) && !u.StartsWith("blob:") && !u.StartsWith("data:")).ToList();
            Assert.True(foreign.Count == 0, $"{person.Person}'s page requested other origins: {string.Join(", ", foreign)}");
        }
    }

    private async Task RunSeedFlow(BrowserSession endUser, BrowserSession alice, BrowserSession bob, BrowserSession sam)
    {
        // The end user starts a chat in Billing ---------------------------------------------------
        var eu = endUser.Page;
        await eu.GotoAsync("/");
        await eu.GetByLabel("Your name").FillAsync("Pat Customer");
        await eu.GetByLabel("Billing").CheckAsync();
        await eu.GetByLabel("Your question").FillAsync("My invoice is wrong");
        await eu.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var euTranscript = eu.Locator("#transcript");
        await Expect(euTranscript).ToContainTextAsync("My invoice is wrong");
        await Expect(eu.Locator("#status")).ToContainTextAsync("Waiting for an agent");
        var chatId = await eu.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");
        var shortId = chatId[..6];

        // Alice signs in (online) and accepts it from her Queue -------------------------------------
        var a = alice.Page;
        await SignIn(a, "/agent.html", "alice", "Alice Archer");
        await a.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        var waiting = a.Locator($".waiting-item[data-chat-id='{chatId}']");
        await waiting.GetByRole(AriaRole.Button, new() { Name = $"Accept chat {shortId}" }).ClickAsync();
        var alicePanel = a.Locator("article.chat-panel");
        await Expect(alicePanel).ToHaveAttributeAsync("data-role", "Assignee");
        await Expect(alicePanel.Locator(".chat-head h2")).ToHaveTextAsync("Pat Customer");
        await Expect(alicePanel.Locator(".transcript")).ToContainTextAsync("My invoice is wrong");
        await Expect(a.Locator("#assigned-list .chat-item")).ToHaveCountAsync(1);
        await Expect(euTranscript).ToContainTextAsync("Alice Archer accepted the chat.");
        await Expect(eu.Locator("#status")).ToContainTextAsync("chatting with Alice");

        // A conversation with typing indicators both ways (A7) ---------------------------------------
        var aliceMessage = alicePanel.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });
        await aliceMessage.PressSequentiallyAsync("Hi Pat, let me check that invoice.");
        await Expect(eu.Locator("#typing")).ToHaveTextAsync("Alice is typing…");
        await aliceMessage.PressAsync("Enter");
        await Expect(euTranscript.Locator(".entry.in")).ToContainTextAsync(["Hi Pat, let me check that invoice."]);
        var euMessage = eu.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await euMessage.PressSequentiallyAsync("Thank you!");
        await Expect(a.GetByTestId("typing")).ToHaveTextAsync("Pat Customer is typing…");
        await euMessage.PressAsync("Enter");
        await Expect(alicePanel.Locator(".transcript")).ToContainTextAsync("Thank you!");

        // Canned text (A8), a shared article (A6) and attachments both ways (A9) ----------------------
        await alicePanel.GetByText("Canned text").ClickAsync();
        await alicePanel.GetByRole(AriaRole.Button, new() { Name = "Refund timing" }).ClickAsync();
        await Expect(euTranscript).ToContainTextAsync("Refunds reach your account within 5 to 7 business days.");
        await alicePanel.GetByText("Share article").ClickAsync();
        await alicePanel.GetByRole(AriaRole.Button, new() { Name = "Requesting a refund" }).ClickAsync();
        await Expect(eu.GetByRole(AriaRole.Link, new() { Name = "Requesting a refund" })).ToHaveAttributeAsync("href", "https://support.example.com/kb/102");
        await alicePanel.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "refund-form.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Refund form"),
        });
        var download = await eu.RunAndWaitForDownloadAsync(() =>
            euTranscript.GetByRole(AriaRole.Button, new() { Name = "refund-form.txt" }).ClickAsync());
        Assert.Equal("refund-form.txt", download.SuggestedFilename);
        await eu.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "invoice.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Invoice 42: 99.00"),
        });
        await Expect(alicePanel.Locator(".transcript")).ToContainTextAsync("invoice.txt");
        await Expect(alicePanel.GetByRole(AriaRole.Region, new() { Name = "Attachments" })).ToContainTextAsync("invoice.txt");

        // A side note stays among agents (A2) -------------------------------------------------------
        await alicePanel.GetByText("Side note (agents only)").ClickAsync();
        var aliceNote = alicePanel.GetByRole(AriaRole.Textbox, new() { Name = "Side note", Exact = true });
        await aliceNote.FillAsync("VIP customer: refund approved by finance.");
        await aliceNote.PressAsync("Enter");
        await Expect(alicePanel.Locator(".entry.note")).ToContainTextAsync("VIP customer");
        await alicePanel.GetByText("Side note (agents only)").ClickAsync();

        // Bob signs in; Alice invites him as Participant (R12 search, R5 mode) ---------------------
        var b = bob.Page;
        await SignIn(b, "/agent.html", "bob", "Bob Baker");
        await alicePanel.GetByText("Chat actions").ClickAsync();
        await a.GetByRole(AriaRole.Button, new() { Name = "Invite…" }).ClickAsync();
        var dialog = a.GetByRole(AriaRole.Dialog, new() { Name = "Invite to chat" });
        await dialog.GetByLabel("Find an agent").FillAsync("bak");
        await dialog.GetByLabel("Bob Baker").CheckAsync();
        await dialog.GetByLabel("Invite as").SelectOptionAsync("Participant");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var plus = alicePanel.Locator(".invites-indicator > button");
        await Expect(plus).ToHaveTextAsync("+1");

        // Bob is told at once (R11) and sees only Participate and Reject (R6); he rejects -----------
        await Expect(b.Locator("#invites-count")).ToHaveTextAsync("1");
        await b.WaitForFunctionAsync("() => window.__notifications.length === 1");
        Assert.Contains("as Participant", await b.EvaluateAsync<string>("() => window.__notifications[0].body"));
        await b.GetByRole(AriaRole.Tab, new() { Name = "Invites" }).ClickAsync();
        var invite = b.Locator(".invite-card");
        await Expect(invite).ToHaveCountAsync(1);
        await Expect(invite.GetByRole(AriaRole.Button, new() { Name = "Participate", Exact = true })).ToBeVisibleAsync();
        await Expect(invite.GetByRole(AriaRole.Button, new() { Name = "Monitor", Exact = true })).ToHaveCountAsync(0);
        await bob.ScreenshotAsync("agent-invites");
        await invite.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await Expect(invite).ToHaveCountAsync(0);

        // Alice hovers "+1": the invite's details and history (R10); changes it to Monitor and resends (R8, R9)
        await plus.HoverAsync();
        var details = a.GetByRole(AriaRole.Region, new() { Name = "Invite details" });
        await Expect(details).ToBeVisibleAsync();
        var bobInvite = details.Locator(".invite-detail");
        await Expect(bobInvite).ToHaveAttributeAsync("data-status", "Rejected");
        await Expect(bobInvite.Locator(".history li")).ToContainTextAsync([new Regex("Sent as Participant"), new Regex("Bob rejected")]);
        await bobInvite.GetByRole(AriaRole.Button, new() { Name = "Change to Monitor" }).ClickAsync();
        await Expect(bobInvite.Locator(".badge-monitor")).ToHaveTextAsync("Monitor");
        await bobInvite.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        await Expect(bobInvite).ToHaveAttributeAsync("data-status", "Pending");
        await Expect(bobInvite.Locator(".history li")).ToHaveCountAsync(4);
        await Expect(bobInvite.Locator(".history li").Nth(2)).ToContainTextAsync("Mode changed to Monitor");
        await Expect(bobInvite.Locator(".history li").Nth(3)).ToContainTextAsync("Resent as Monitor");

        // Bob now sees Monitor and Reject (R6), joins as Monitor, sees the chat so far (S5) and cannot type (A7)
        await Expect(invite).ToHaveCountAsync(1);
        await Expect(invite.GetByRole(AriaRole.Button, new() { Name = "Participate", Exact = true })).ToHaveCountAsync(0);
        await invite.GetByRole(AriaRole.Button, new() { Name = "Monitor", Exact = true }).ClickAsync();
        var bobPanel = b.Locator("article.chat-panel");
        await Expect(bobPanel).ToHaveAttributeAsync("data-role", "Monitor");
        await Expect(bobPanel.Locator(".transcript")).ToContainTextAsync("My invoice is wrong");
        await Expect(bobPanel.Locator(".transcript")).ToContainTextAsync("VIP customer");
        await Expect(b.GetByTestId("monitor-notice")).ToBeVisibleAsync();
        await Expect(bobPanel.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await Expect(bobPanel.GetByText("Canned text")).ToHaveCountAsync(0);
        await Expect(bobPanel.GetByText("Attach file")).ToHaveCountAsync(0);
        await Expect(b.Locator("#joined-list .chat-item")).ToContainTextAsync("Monitor");
        await Expect(alicePanel.Locator(".transcript")).ToContainTextAsync("Bob Baker joined the chat as a monitor.");
        await Expect(plus).ToHaveTextAsync("+1");

        // Sam joins from the dashboard as Monitor (R13) and follows the chat ----------------------
        var s = sam.Page;
        await SignIn(s, "/supervisor.html", "sam", "Sam Sterling");
        var billing = s.Locator("#queue-billing");
        await Expect(billing.Locator("h2")).ToHaveTextAsync("Billing");
        await Expect(billing.Locator("[data-figure=activeChats]")).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(billing.GetByRole(AriaRole.Table)).ToContainTextAsync("Alice Archer");
        await billing.GetByRole(AriaRole.Button, new() { Name = $"Join as Monitor, chat {shortId}" }).ClickAsync();
        var samPanel = s.Locator("article.chat-panel");
        await Expect(samPanel).ToHaveAttributeAsync("data-role", "Monitor");
        await Expect(samPanel.Locator(".transcript")).ToContainTextAsync("My invoice is wrong");
        await Expect(billing.Locator($".active-chat[data-chat-id='{chatId}'] .badge-monitor")).ToHaveTextAsync("Monitor");

        // Alice pins an article; Bob (joined earlier) and Sam see it live (S2) ---------------------
        await alicePanel.GetByText("Pin an article").ClickAsync();
        await alicePanel.GetByRole(AriaRole.Button, new() { Name = "Understanding your invoice" }).ClickAsync();
        await Expect(bobPanel.GetByTestId("pinned-articles")).ToContainTextAsync("Understanding your invoice");
        await Expect(samPanel.GetByTestId("pinned-articles")).ToContainTextAsync("Understanding your invoice");
        // Members carry their names: the panel shows the supervisor's full name.
        await Expect(alicePanel.GetByRole(AriaRole.Region, new() { Name = "People in the chat" }).Locator("li").Last).ToHaveTextAsync("Sam SterlingMonitor");

        // The end user never sees monitors, invites, side notes or pins --------------------------
        await aliceMessage.FillAsync("Your refund is on its way.");
        await aliceMessage.PressAsync("Enter");
        await Expect(euTranscript).ToContainTextAsync("Your refund is on its way.");
        await Expect(eu.Locator("#status")).ToHaveTextAsync("You're chatting with Alice Archer");
        var seen = await eu.Locator("body").InnerTextAsync();
        foreach (var hidden in new[] { "Bob", "Baker", "Sam", "Sterling", "monitor", "invite", "VIP", "side note", "pinned", "Understanding your invoice" })
            Assert.DoesNotContain(hidden, seen, StringComparison.OrdinalIgnoreCase);

        // Screenshots of each page (docs/screenshots for the README) ------------------------------
        await endUser.ScreenshotAsync("enduser", docsName: "enduser");
        await bob.ScreenshotAsync("agent-monitor");
        await sam.ScreenshotAsync("supervisor", docsName: "supervisor");
        await plus.HoverAsync();
        await Expect(details).ToBeVisibleAsync();
        await alice.ScreenshotAsync("agent", docsName: "agent");
    }

    private static async Task SignIn(IPage page, string path, string agentId, string fullName)
    {
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {agentId}" }).ClickAsync();
        await Expect(page.Locator("#me-name")).ToHaveTextAsync(fullName);
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
    }

    private void Report(params BrowserSession[] people)
    {
        foreach (var person in people)
        {
            foreach (var error in person.PageErrors) output.WriteLine($"[{person.Person}] page error: {error}");
            foreach (var error in person.ConsoleErrors) output.WriteLine($"[{person.Person}] console: {error}");
        }
    }
}
