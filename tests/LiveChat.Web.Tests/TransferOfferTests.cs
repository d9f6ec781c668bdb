namespace LiveChat.Web.Tests;

using System.Text.RegularExpressions;

/// <summary>
/// Transfer with accept (T1-T9) between two agent browser contexts: Alice offers the chat to Bob,
/// who declines (Alice sees who and when), then offers again and Bob accepts; the end user reads
/// only "You're now chatting with Bob Baker." and nothing of the offers.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TransferOfferTests(WebFixture web)
{
    [WebFact]
    public async Task T5_T6_offer_declined_then_accepted_between_two_agents_and_the_end_user_reads_only_the_new_name()
    {
        await using var endUser = await web.OpenAsync("end user", phone: true);
        await using var alice = await web.OpenAsync("alice");
        await using var bob = await web.OpenAsync("bob");

        var eu = endUser.Page;
        await eu.GotoAsync("/");
        await eu.GetByLabel("Your name").FillAsync("Robin Handover");
        await eu.GetByLabel("Billing").CheckAsync();
        await eu.GetByLabel("Your question").FillAsync("My card was charged twice");
        await eu.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var euTranscript = eu.Locator("#transcript");
        await Expect(euTranscript).ToContainTextAsync("My card was charged twice");
        var chatId = await eu.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");

        // Alice takes the chat; Bob signs in.
        var a = alice.Page;
        await SignIn(a, "alice");
        await a.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        await a.Locator($".waiting-item[data-chat-id='{chatId}']").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var alicePanel = a.Locator("article.chat-panel");
        await Expect(alicePanel).ToHaveAttributeAsync("data-role", "Assignee");
        await Expect(euTranscript).ToContainTextAsync("Alice Archer accepted the chat.");
        var b = bob.Page;
        await SignIn(b, "bob");

        // T2, T6: Bob is offered the chat at once, declines; Alice sees who declined and when.
        await Offer(a, "Bob Baker");
        await Expect(b.Locator("#invites-count")).ToHaveTextAsync("1");
        await b.GetByRole(AriaRole.Tab, new() { Name = "Invites" }).ClickAsync();
        var card = b.Locator($".offer-card[data-chat-id='{chatId}']");
        await Expect(card).ToContainTextAsync("Alice Archer offers you a chat");
        await Expect(card).ToContainTextAsync("Robin Handover");
        await card.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        await alicePanel.Locator(".invites-indicator > button").ClickAsync();
        var declined = a.GetByRole(AriaRole.Region, new() { Name = "Invite details" }).Locator(".offer-detail[data-status=Rejected]");
        await Expect(declined).ToContainTextAsync("Declined");
        await Expect(declined.Locator(".history li").Last).ToContainTextAsync("Bob declined");
        await Expect(declined.Locator(".history li").Last.Locator("time")).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d{2}-\d{2}T"));
        await Expect(alicePanel).ToHaveAttributeAsync("data-role", "Assignee");

        // T5: offered again, Bob accepts and owns the chat; Alice leaves it (the offer said so).
        await a.Keyboard.PressAsync("Escape");
        await Offer(a, "Bob Baker");
        await Expect(b.Locator("#invites-count")).ToHaveTextAsync("1");
        await b.Locator($".offer-card[data-chat-id='{chatId}']").GetByRole(AriaRole.Button, new() { Name = "Accept transfer" }).ClickAsync();
        var bobPanel = b.Locator("article.chat-panel");
        await Expect(bobPanel).ToHaveAttributeAsync("data-role", "Assignee");
        await Expect(bobPanel.Locator(".transcript")).ToContainTextAsync("My card was charged twice");
        await Expect(b.Locator($"#assigned-list [data-chat-id='{chatId}']")).ToHaveCountAsync(1);
        await Expect(alicePanel).ToHaveAttributeAsync("data-role", "None");
        await Expect(a.Locator($"#assigned-list [data-chat-id='{chatId}']")).ToHaveCountAsync(0);

        // The end user reads one line about it, and nothing of the offers or of Alice leaving.
        await Expect(euTranscript).ToContainTextAsync("You're now chatting with Bob Baker.");
        var bobMessage = bobPanel.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });
        await bobMessage.FillAsync("Bob here, I will refund the double charge.");
        await bobMessage.PressAsync("Enter");
        await Expect(euTranscript).ToContainTextAsync("Bob here, I will refund the double charge.");
        var seen = await euTranscript.InnerTextAsync();
        Assert.DoesNotContain("offer", seen, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("declined", seen, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("left", seen, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("transfer", seen, StringComparison.OrdinalIgnoreCase);

        // Bob ends the chat, leaving the shared gateway's agents with no chat of this test.
        var panelActions = bobPanel.GetByText("Chat actions");
        await panelActions.ClickAsync();
        await bobPanel.Locator(".menu-list").GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await b.GetByRole(AriaRole.Dialog, new() { Name = "End this chat?" }).GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await Expect(eu.Locator("#status")).ToHaveTextAsync("This chat has ended.");

        foreach (var person in new[] { endUser, alice, bob })
        {
            Assert.True(person.PageErrors.Count == 0,
                $"{person.Person}'s page threw: {string.Join(" | ", person.PageErrors)}; console: {string.Join(" | ", person.ConsoleErrors)}");
        }
    }

    private static async Task SignIn(IPage page, string agentId)
    {
        await page.GotoAsync("/agent.html");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {agentId}" }).ClickAsync();
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
    }

    private static async Task Offer(IPage page, string fullName)
    {
        var panel = page.Locator("article.chat-panel");
        await panel.GetByText("Chat actions").ClickAsync();
        await panel.Locator(".menu-list").GetByRole(AriaRole.Button, new() { Name = "Offer transfer…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Offer transfer" });
        await dialog.GetByLabel("Find an agent").FillAsync(fullName);
        await dialog.GetByLabel(fullName).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send offer" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }
}
