namespace LiveChat.Web.Tests;

using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Business hours and leaving a message in the browser (docs/rules.md B1-B4, O1-O4): with Billing
/// closed, the end-user page offers only to leave a message; the customer leaves one, an agent
/// answers, and the customer comes back later in another browser with the page's link and reads
/// the answer. The admin page edits a queue's hours. Every new page state has no axe violation.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BusinessHoursPageTests(WebFixture web)
{
    [AxeFact]
    public async Task B3_O2_O4_closed_the_end_user_leaves_a_message_and_later_reads_the_answer_through_its_link()
    {
        using var api = new DemoApi(web.BaseUrl);
        var ada = await api.SignInAsync("ada", online: false);
        // Billing takes messages only while this test runs: business hours without an opening.
        await SetHours(ada, "billing", new JsonObject { ["timeZone"] = "Europe/Berlin", ["weekly"] = new JsonArray(), ["holidays"] = new JsonArray() });
        try
        {
            var audit = new AxeAudit();
            await using var visitor = await web.OpenAsync("visitor", phone: true);
            var page = visitor.Page;
            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leave us a message" })).ToBeVisibleAsync();
            await Expect(page.Locator("#start-intro")).ToContainTextAsync("Billing is closed right now");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start chat" })).ToBeHiddenAsync();
            await audit.CheckAsync(page, "/ closed: leave a message");

            const string question = "Please send my invoice for March again.";
            await page.GetByLabel("Your name").FillAsync("Morgan Message");
            await page.GetByLabel("Email or phone, for our answer").FillAsync("morgan@example.com");
            await page.GetByLabel("Your question").FillAsync(question);
            await page.GetByRole(AriaRole.Button, new() { Name = "Leave a message" }).ClickAsync();
            await Expect(page.Locator("#status")).ToContainTextAsync("Message received");
            await Expect(page.Locator("#transcript")).ToContainTextAsync(question);
            var link = page.GetByRole(AriaRole.Link, new() { Name = "the link to this conversation" });
            await Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("#chat=ey"));
            var href = (await link.GetAttributeAsync("href"))!;
            await audit.CheckAsync(page, "/ message left, with its link");
            await visitor.ScreenshotAsync("enduser-message-left");

            // An agent of Billing finds it marked as a message, takes it and answers.
            var chatId = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");
            var agent = await api.SignInAsync(await api.CreateAgentAsync("msg", "Mia", "Message", ["billing"]));
            var waiting = await agent.GetFromJsonAsync<JsonArray>("/api/queues/billing/waiting");
            Assert.True(waiting!.Single(w => w!["chatId"]!.GetValue<string>() == chatId)!["offline"]!.GetValue<bool>());
            await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/accept");
            const string answer = "Done: the March invoice is in your inbox.";
            await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/messages", new { text = answer });

            // Later, in another browser: the link is all the customer has.
            await using var later = await web.OpenAsync("visitor later", phone: true);
            await later.Page.GotoAsync(href);
            await Expect(later.Page.Locator("#transcript")).ToContainTextAsync(answer);
            await Expect(later.Page.Locator("#transcript")).ToContainTextAsync(question);
            await Expect(later.Page.Locator("#status")).ToContainTextAsync("chatting with Mia");
            // The token leaves the address bar at once.
            Assert.DoesNotContain("#chat=", later.Page.Url);
            await audit.CheckAsync(later.Page, "/ came back to the answer");

            audit.AssertClean();
            Assert.Empty(visitor.PageErrors);
            Assert.Empty(later.PageErrors);
            Assert.Empty(visitor.CspViolations);
        }
        finally
        {
            await SetHours(ada, "billing", null);
        }
    }

    [AxeFact]
    public async Task B1_the_admin_edits_a_queues_business_hours_and_a_bad_zone_shows_its_rule()
    {
        using var api = new DemoApi(web.BaseUrl);
        var ada = await api.SignInAsync("ada", online: false);
        try
        {
            var audit = new AxeAudit();
            await using var admin = await web.OpenAsync("ada");
            var page = admin.Page;
            await page.GotoAsync("/admin.html");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as ada" }).ClickAsync();
            var row = page.Locator("#queues tr[data-queue-id='tech']");
            await Expect(row).ToContainTextAsync("Always open");
            await row.GetByRole(AriaRole.Button, new() { Name = "Edit tech" }).ClickAsync();

            await page.GetByLabel("Take live chats only during business hours").CheckAsync();
            await page.GetByLabel("Time zone").FillAsync("Mars/Olympus_Mons");
            await page.GetByLabel("Openings, one a line").FillAsync("Monday | 09:00 | 17:00\nSaturday | 10:00 | 14:00");
            await page.GetByLabel("Holidays, one date a line").FillAsync("2026-12-25\n2026-12-26");
            await audit.CheckAsync(page, "/admin.html queue editor with business hours");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save queue" }).ClickAsync();
            await Expect(page.Locator("#editor-error")).ToContainTextAsync("B1:");
            await audit.CheckAsync(page, "/admin.html business hours refused");

            await page.GetByLabel("Time zone").FillAsync("Europe/Berlin");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save queue" }).ClickAsync();
            await Expect(row).ToContainTextAsync("2 openings · Europe/Berlin");
            var stored = (await ada.GetFromJsonAsync<JsonObject>("/api/admin/queues/tech"))!["businessHours"]!;
            Assert.Equal("Europe/Berlin", stored["timeZone"]!.GetValue<string>());
            Assert.Equal(["Monday 09:00 17:00", "Saturday 10:00 14:00"],
                stored["weekly"]!.AsArray().Select(s => string.Join(' ', new[] { "day", "opens", "closes" }.Select(f => s![f]!.GetValue<string>()))));
            Assert.Equal(["2026-12-25", "2026-12-26"], stored["holidays"]!.AsArray().Select(d => d!.GetValue<string>()));

            // Switched off again: always open.
            await row.GetByRole(AriaRole.Button, new() { Name = "Edit tech" }).ClickAsync();
            await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Berlin");
            await page.GetByLabel("Take live chats only during business hours").UncheckAsync();
            await Expect(page.GetByLabel("Time zone")).ToBeDisabledAsync();
            await audit.CheckAsync(page, "/admin.html business hours switched off");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save queue" }).ClickAsync();
            await Expect(row).ToContainTextAsync("Always open");

            audit.AssertClean();
            Assert.Empty(admin.PageErrors);
        }
        finally
        {
            await SetHours(ada, "tech", null);
        }
    }

    /// <summary>The admin sets (or with null removes) a queue's business hours through the admin queue API.</summary>
    private static async Task SetHours(HttpClient admin, string queueId, JsonObject? hours)
    {
        var queue = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/queues/{queueId}"))!;
        queue["businessHours"] = hours;
        var response = await admin.PutAsJsonAsync($"/api/admin/queues/{queueId}", queue);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
