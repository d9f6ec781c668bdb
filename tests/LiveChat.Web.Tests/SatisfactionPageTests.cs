namespace LiveChat.Web.Tests;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

/// <summary>
/// Satisfaction in the browser (docs/rules.md C1-C5): with the queue's switch on, the end user
/// who ended its chat rates it on its page, and the supervisor's dashboard counts the rating live.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SatisfactionPageTests(WebFixture web)
{
    [WebFact]
    public async Task C1_C5_the_end_user_rates_its_ended_chat_and_the_dashboard_counts_it()
    {
        using var ada = await Api("ada");
        await AskSatisfaction(ada, "tech", true);
        try
        {
            await using var supervisor = await web.OpenAsync("sam");
            var s = supervisor.Page;
            await s.GotoAsync("/supervisor.html");
            await s.GetByRole(AriaRole.Button, new() { Name = "Sign in as sam" }).ClickAsync();
            await Expect(s.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
            var tech = s.Locator("#queue-tech");
            var ratings = tech.Locator("[data-figure=ratings]");
            await Expect(ratings).ToHaveTextAsync(new Regex("^[0-9]+$"));
            var before = int.Parse(await ratings.InnerTextAsync());

            await using var endUser = await web.OpenAsync("end user", phone: true);
            var page = endUser.Page;
            await page.GotoAsync("/");
            await page.GetByLabel("Your name").FillAsync("Robin Rater");
            await page.GetByLabel("Technical Support").CheckAsync();
            await page.GetByLabel("Your question").FillAsync("My router blinks red");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
            await Expect(page.Locator("#transcript")).ToContainTextAsync("My router blinks red");
            var chatId = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");
            // Dave takes the chat (unless automatic assignment gave it to an agent already).
            using var dave = await Api("dave");
            await dave.PostAsync($"/api/chats/{Uri.EscapeDataString(chatId)}/accept", null);
            await Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("chatting with"));

            // No rating form while the chat runs; after the end it asks.
            var form = page.GetByRole(AriaRole.Form, new() { Name = "How did we do?" });
            await Expect(form).ToBeHiddenAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
            await Expect(page.Locator("#status")).ToHaveTextAsync("This chat has ended.");
            await Expect(form).ToBeVisibleAsync();
            await form.GetByLabel("4").CheckAsync();
            await form.GetByLabel("Comment (optional)").FillAsync("Fixed in five minutes <3");
            await form.GetByRole(AriaRole.Button, new() { Name = "Send rating" }).ClickAsync();
            await Expect(page.Locator("#rating-done")).ToHaveTextAsync("Thank you for rating this chat 4 of 5.");
            await Expect(form).ToBeHiddenAsync();
            await endUser.ScreenshotAsync("enduser-rated");

            // The dashboard counts it live, in the queue's figures and per agent.
            await Expect(ratings).ToHaveTextAsync((before + 1).ToString());
            await Expect(tech.Locator("[data-figure=averageRating]")).ToHaveTextAsync(new Regex(@"^[1-5]\.\d\d$"));
            await Expect(tech.GetByRole(AriaRole.Region, new() { Name = "Technical Support satisfaction" }).GetByRole(AriaRole.Table)).ToBeVisibleAsync();
            Assert.Empty(endUser.PageErrors);
            Assert.Empty(supervisor.PageErrors);
            Assert.Empty(endUser.CspViolations);
        }
        finally
        {
            await AskSatisfaction(ada, "tech", false);
        }
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

    /// <summary>The admin turns the queue's satisfaction switch on or off (admin queue API).</summary>
    private static async Task AskSatisfaction(HttpClient admin, string queueId, bool ask)
    {
        var queue = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/queues/{queueId}"))!;
        queue["askSatisfaction"] = ask;
        (await admin.PutAsJsonAsync($"/api/admin/queues/{queueId}", queue)).EnsureSuccessStatusCode();
    }
}
