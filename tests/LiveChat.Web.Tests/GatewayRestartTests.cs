namespace LiveChat.Web.Tests;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// A restart signs nobody out: the embedded gateway keeps its signing key in its data folder, so
/// after a SIGKILL and a restart the agent's token still works and the customer's page, holding
/// its chat token, carries on with the same chat. Each test runs its own gateway process.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class GatewayRestartTests(WebFixture web)
{
    [WebFact]
    public async Task A_killed_and_restarted_gateway_keeps_the_agent_signed_in_and_the_customers_page_resumes_its_chat()
    {
        await using var gateway = await GatewayProcess.StartAsync(Path.Combine(WebFixture.ArtifactsFolder, "gateway-restart.log"));
        using var alice = await SignIn(gateway, "alice");
        await using var customer = await web.OpenOnAsync(gateway.BaseUrl, "restart customer");
        var page = customer.Page;
        var name = "Restart " + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/");
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Your question").FillAsync("First question, before the restart");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var transcript = page.Locator("#transcript");
        await Expect(transcript).ToContainTextAsync("First question, before the restart");
        var chatId = await WaitingChatOf(alice, name);
        (await alice.PostAsync($"/api/chats/{chatId}/accept", null)).EnsureSuccessStatusCode();
        await Expect(page.Locator("#status")).ToContainTextAsync("chatting with");

        await gateway.KillAndRestartAsync();

        // The key file is the owner's alone (Unix file modes; these tests run on Linux).
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(gateway.DataFolder, "gateway-signing-key")));
        // The agent's token from before the restart is still good.
        var me = await alice.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("alice", me.GetProperty("agentId").GetString());
        // The customer's page reconnects by itself and its next message reaches the same chat.
        await Expect(page.Locator("#status")).ToContainTextAsync("chatting with", new() { Timeout = 45_000 });
        var message = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await message.FillAsync("Second question, after the restart");
        await message.PressAsync("Enter");
        await Expect(transcript.Locator(".entry.out").Last).ToContainTextAsync("Second question, after the restart");
        (await alice.PostAsJsonAsync($"/api/chats/{chatId}/messages", new { text = "Answer after the restart" })).EnsureSuccessStatusCode();
        await Expect(transcript).ToContainTextAsync("Answer after the restart");

        var entries = await alice.GetFromJsonAsync<JsonElement>($"/api/chats/{chatId}/transcript");
        var texts = entries.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Contains("First question, before the restart", texts);
        Assert.Single(texts, t => t == "Second question, after the restart");

        // A reload (the chat token is kept for the tab) shows the whole chat again.
        await page.ReloadAsync();
        await Expect(transcript).ToContainTextAsync("First question, before the restart");
        await Expect(transcript).ToContainTextAsync("Answer after the restart");
        Assert.Empty(customer.PageErrors);
    }

    private static async Task<HttpClient> SignIn(GatewayProcess gateway, string agentId)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var signedIn = await (await http.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn.GetProperty("token").GetString());
        (await http.PutAsJsonAsync("/api/me/presence", new { presence = "Online" })).EnsureSuccessStatusCode();
        return http;
    }

    /// <summary>The customer's chat as the queue lists it (the page started it; the name is unique).</summary>
    private static async Task<string> WaitingChatOf(HttpClient agent, string customerName)
    {
        var waiting = await agent.GetFromJsonAsync<JsonElement>("/api/queues/billing/waiting");
        return waiting.EnumerateArray().Single(w => w.GetProperty("endUserName").GetString() == customerName).GetProperty("chatId").GetString()!;
    }
}
