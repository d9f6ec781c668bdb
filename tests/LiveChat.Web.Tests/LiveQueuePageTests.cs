namespace LiveChat.Web.Tests;

using System.Text.RegularExpressions;

/// <summary>
/// Live queues in the browser (Q1-Q3): the agent console's Queue tab changes by push alone (no
/// polling, no reload), and the dashboard names active chats, their members with modes, pending
/// invites and offers, and agents over capacity. Each test works in a queue of its own, so chats
/// other tests leave waiting never push its chats out of the first ones shown.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LiveQueuePageTests(WebFixture web)
{
    [AxeFact]
    public async Task Q1_Q2_the_queue_tab_shows_a_started_chat_and_drops_one_taken_by_another_agent_without_polling()
    {
        using var api = new DemoApi(web.BaseUrl);
        var audit = new AxeAudit();
        var queueId = await api.CreateQueueAsync("lq", "Returns");
        var agentId = await api.CreateAgentAsync("lq-liv", "Liv", "Live", [queueId]);
        var otherId = await api.CreateAgentAsync("lq-tom", "Tom", "Taker", [queueId]);
        var other = await api.SignInAsync(otherId);
        await using var agent = await web.OpenAsync("agent");
        var a = agent.Page;
        await SignInByIdAsync(a, "/agent.html", agentId);
        await a.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        var queue = a.GetByRole(AriaRole.Region, new() { Name = "Returns queue" });
        await Expect(queue).ToContainTextAsync("Nobody is waiting.");

        // Started after the console read its queue: it appears with the customer, the wait and the first message.
        var (firstChat, _) = await api.StartChatAsync(queueId, "Quentin Queue", "My parcel came back to you");
        var (secondChat, _) = await api.StartChatAsync(queueId, "Stella Stays", "Can I return a gift?");
        var first = queue.Locator($".waiting-item[data-chat-id='{firstChat}']");
        await Expect(first).ToContainTextAsync("Quentin Queue");
        await Expect(first).ToContainTextAsync("My parcel came back to you");
        await Expect(first).ToContainTextAsync(new Regex("waiting \\d"));
        await Expect(queue.Locator($".waiting-item[data-chat-id='{secondChat}']")).ToContainTextAsync("Stella Stays");
        await Expect(queue.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Returns · 2 waiting");
        await Expect(a.Locator("#queue-count")).ToHaveTextAsync("2");
        await audit.CheckAsync(a, "/agent.html queue tab with live waiting chats");

        // Taken by another agent: gone at once, without a reload; the other chat stays.
        await DemoApi.PostAsync(other, $"/api/chats/{firstChat}/accept");
        await Expect(first).ToHaveCountAsync(0);
        await Expect(queue.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Returns · 1 waiting");
        await Expect(queue.Locator($".waiting-item[data-chat-id='{secondChat}']")).ToBeVisibleAsync();

        // This console accepts the one left: it leaves the list by push, too.
        await queue.Locator($".waiting-item[data-chat-id='{secondChat}']").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(a.Locator("article.chat-panel")).ToHaveAttributeAsync("data-role", "Assignee");
        await a.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        await Expect(queue).ToContainTextAsync("Nobody is waiting.");

        // Nothing polled: the console never read a waiting list over HTTP (the hub pushed every change).
        lock (agent.RequestedUrls) Assert.DoesNotContain(agent.RequestedUrls, url => url.Contains("/waiting", StringComparison.Ordinal));
        audit.AssertClean();
        Assert.True(agent.PageErrors.Count == 0, string.Join(" | ", agent.PageErrors));
    }

    [AxeFact]
    public async Task Q3_the_dashboard_names_customer_assignee_members_with_modes_pending_invite_and_offer_and_agents_over_capacity()
    {
        using var api = new DemoApi(web.BaseUrl);
        var audit = new AxeAudit();
        var queueId = await api.CreateQueueAsync("lq3", "Refunds");
        var supervisorId = await api.CreateAgentAsync("lq3-sv", "Vera", "Visor", [], role: "Supervisor", supervises: [queueId]);
        var ashaId = await api.CreateAgentAsync("lq3-as", "Asha", "Assignee", [queueId], capacity: 1);
        var benId = await api.CreateAgentAsync("lq3-be", "Ben", "Beholder", [queueId]);
        var cleoId = await api.CreateAgentAsync("lq3-cl", "Cleo", "Colleague", [queueId]);
        var asha = await api.SignInAsync(ashaId);
        var ben = await api.SignInAsync(benId);
        var cleo = await api.SignInAsync(cleoId);
        var (named, _) = await api.StartChatAsync(queueId, "Robin Named", "Refund my order");
        var (offered, _) = await api.StartChatAsync(queueId, "Sasha Second", "Refund my other order");
        await DemoApi.PostAsync(asha, $"/api/chats/{named}/accept");
        // Accepting is not capped by capacity (automatic assignment is): Asha holds two chats with capacity 1.
        await DemoApi.PostAsync(asha, $"/api/chats/{offered}/accept");
        var monitorInvite = await DemoApi.PostForAsync(asha, $"/api/chats/{named}/invites", new { inviteeId = benId, mode = "Monitor" });
        await DemoApi.PostAsync(ben, $"/api/chats/{named}/invites/{monitorInvite.GetProperty("inviteId").GetString()}/response", new { answer = "Monitor" });
        var pendingInvite = await DemoApi.PostForAsync(asha, $"/api/chats/{named}/invites", new { inviteeId = cleoId, mode = "Participant" });
        await DemoApi.PostAsync(asha, $"/api/chats/{offered}/offers", new { toAgentId = benId, senderStays = false });

        await using var supervisor = await web.OpenAsync("supervisor");
        var s = supervisor.Page;
        await SignInByIdAsync(s, "/supervisor.html", supervisorId);
        var card = s.Locator($"#queue-{queueId}");
        var chat = card.Locator($".active-chat[data-chat-id='{named}']");
        await Expect(chat.Locator(".customer")).ToHaveTextAsync("Robin Named");
        await Expect(chat.Locator("[data-field=assignee]")).ToHaveTextAsync("Asha Assignee");
        await Expect(chat.Locator($"[data-field=members] [data-agent-id='{benId}']")).ToHaveAttributeAsync("data-mode", "Monitor");
        await Expect(chat.Locator("[data-field=members]")).ToContainTextAsync("Ben Beholder");
        await Expect(chat.Locator("[data-field=pending]")).ToHaveTextAsync("Invite pending: Cleo Colleague as Participant");
        // SLA4: a queue without response-time limits flags nothing.
        await Expect(chat.Locator("[data-field=sla]")).ToHaveTextAsync("Ok");
        await Expect(chat.Locator("[data-field=waited]")).ToHaveTextAsync(new Regex("\\d"));
        var offer = card.Locator($".active-chat[data-chat-id='{offered}']");
        await Expect(offer.Locator(".customer")).ToHaveTextAsync("Sasha Second");
        await Expect(offer.Locator("[data-field=pending]")).ToHaveTextAsync("Offer pending to Ben Beholder");
        await Expect(card.Locator(".over-capacity")).ToContainTextAsync("Asha Assignee (2/1)");
        await Expect(card.Locator("[data-figure=agentsOverCapacity]")).ToHaveTextAsync("1");
        await Expect(card.GetByRole(AriaRole.Row, new() { Name = "Asha Assignee" })).ToContainTextAsync("Over capacity");
        // The dashboard never shows a chat by its id alone.
        await Expect(card.Locator(".active-chat .customer", new() { HasTextRegex = new Regex("^Chat ") })).ToHaveCountAsync(0);
        await audit.CheckAsync(s, "/supervisor.html dashboard naming active chats");

        // Live: Cleo accepts, and without a reload she is a Participant and nothing is pending.
        await DemoApi.PostAsync(cleo, $"/api/chats/{named}/invites/{pendingInvite.GetProperty("inviteId").GetString()}/response", new { answer = "Participate" });
        await Expect(chat.Locator($"[data-field=members] [data-agent-id='{cleoId}']")).ToHaveAttributeAsync("data-mode", "Participant");
        await Expect(chat.Locator("[data-field=pending]")).ToHaveTextAsync("none");

        audit.AssertClean();
        Assert.True(supervisor.PageErrors.Count == 0, string.Join(" | ", supervisor.PageErrors));
    }

    private static async Task SignInByIdAsync(IPage page, string path, string agentId)
    {
        await page.GotoAsync(path);
        await page.Locator("#agent-id").FillAsync(agentId);
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
    }
}
