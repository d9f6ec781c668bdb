namespace LiveChat.Web.Tests;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

/// <summary>
/// Response-time SLAs in the browser (docs/rules.md SLA5, SLA9): with a first-response limit on the
/// queue, a chat its agent took but did not answer is badged on the supervisor's dashboard and the
/// supervisor is alerted; the agent's answer clears the badge. The page in that state passes axe.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SlaDashboardTests(WebFixture web)
{
    // The gateway judges clocks every 10 s (LiveChat:ExpirySweepInterval): the breach shows at most that late.
    private static readonly LocatorAssertionsToBeVisibleOptions Late = new() { Timeout = 45_000 };

    [AxeFact]
    public async Task SLA5_SLA9_the_supervisor_sees_the_overdue_badge_and_the_alert_until_the_agent_answers()
    {
        using var ada = await Api("ada");
        // Dave takes the chat himself: automatic assignment off for the test.
        var original = await SetQueue(ada, "tech", new() { ["firstResponseLimitSeconds"] = 10, ["automaticAssignment"] = false });
        try
        {
            await using var supervisor = await web.OpenAsync("sam");
            var s = supervisor.Page;
            await s.GotoAsync("/supervisor.html");
            await s.GetByRole(AriaRole.Button, new() { Name = "Sign in as sam" }).ClickAsync();
            await Expect(s.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");

            // A customer asks; Dave takes the chat and says nothing.
            var chatId = await StartChat("tech", "Robin Router", "My router blinks red");
            using var dave = await Api("dave");
            (await dave.PostAsync($"/api/chats/{Uri.EscapeDataString(chatId)}/accept", null)).EnsureSuccessStatusCode();
            var row = s.Locator($"#queue-tech li.active-chat[data-chat-id='{chatId}']");
            await Expect(row).ToBeVisibleAsync();

            // SLA9: badged once the limit passed; SLA5: the alert names the limit, the queue and the chat.
            var badge = row.Locator("[data-sla-badge=Breached]");
            await Expect(badge).ToBeVisibleAsync(Late);
            await Expect(badge).ToHaveTextAsync("First response overdue");
            var alert = s.GetByRole(AriaRole.Log).Locator($".sla-alert[data-chat-id='{chatId}']");
            await Expect(alert).ToBeVisibleAsync(Late);
            await Expect(alert).ToContainTextAsync(new Regex($"^First response limit passed in Technical Support: chat {Regex.Escape(chatId[..6])}"));
            await Expect(s.Locator("#queue-tech [data-figure=slaBreached]")).Not.ToHaveTextAsync("0");
            await supervisor.ScreenshotAsync("dashboard-sla-alert");
            await Axe.AssertNoViolationsAsync(s, "dashboard with an SLA alert and an overdue chat");

            // The answer clears the badge; the alert stays as a record of what happened.
            (await dave.PostAsJsonAsync($"/api/chats/{Uri.EscapeDataString(chatId)}/messages", new { text = "Hi Robin, let's fix it." })).EnsureSuccessStatusCode();
            await Expect(badge).ToBeHiddenAsync();
            await Expect(row).ToHaveAttributeAsync("data-sla", "Ok");
            await Expect(alert).ToBeVisibleAsync();
            Assert.Empty(supervisor.PageErrors);
            Assert.Empty(supervisor.CspViolations);
        }
        finally
        {
            await SetQueue(ada, "tech", original);
        }
    }

    private async Task<string> StartChat(string queueId, string name, string question)
    {
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var response = await http.PostAsJsonAsync("/api/enduser/chats", new { queueId, displayName = name, firstMessage = question });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chatId").GetString()!;
    }

    private async Task<HttpClient> Api(string agentId)
    {
        var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var response = await http.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (agentId != "ada") (await http.PutAsJsonAsync("/api/me/presence", new { presence = "Online" })).EnsureSuccessStatusCode();
        return http;
    }

    /// <summary>The admin changes some of the queue's settings (admin queue API); returns what they were.</summary>
    private static async Task<Dictionary<string, JsonNode?>> SetQueue(HttpClient admin, string queueId, Dictionary<string, JsonNode?> settings)
    {
        var queue = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/queues/{queueId}"))!;
        var before = settings.Keys.ToDictionary(key => key, key => queue[key]?.DeepClone());
        foreach (var (key, value) in settings) queue[key] = value?.DeepClone();
        (await admin.PutAsJsonAsync($"/api/admin/queues/{queueId}", queue)).EnsureSuccessStatusCode();
        return before;
    }
}
