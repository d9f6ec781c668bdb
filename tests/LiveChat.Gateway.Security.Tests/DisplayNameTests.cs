namespace LiveChat.Gateway.Security.Tests;

/// <summary>Names over HTTP: the end user's display name is shown clean; one that reads like the system is refused and starts nothing.</summary>
public sealed class DisplayNameTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Names_an_end_users_name_loses_bidi_and_control_characters()
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var endUser = await gateway.StartChat("billing", name: "\u202EPat\u0000 \u2067Smith\u200E\u0085");
        var waiting = await alice.GetJson<JsonElement>("/api/queues/billing/waiting");
        Assert.Equal("Pat Smith", waiting.EnumerateArray().Single(w => w.GetProperty("chatId").GetString() == endUser.ChatId).GetProperty("endUserName").GetString());

        await Http.AssertSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        var chat = await alice.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}");
        Assert.Equal("Pat Smith", chat.GetProperty("endUser").GetProperty("displayName").GetString());
        var transcript = await alice.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}/transcript?after=0");
        Assert.StartsWith("Pat Smith started a chat", transcript.GetProperty("entries")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("System")]
    [InlineData("[SYSTEM] Your card was declined")]
    [InlineData("LiveChat")]
    [InlineData("Support team")]
    [InlineData("The agent ended the chat.")]
    [InlineData("\u202ESystem")]
    public async Task Names_a_name_that_reads_like_the_system_is_refused_and_starts_nothing(string name)
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var before = await Http.Describe(await alice.Get("/api/queues/billing/waiting"));
        var anonymous = gateway.Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/enduser/chats", new { queueId = "billing", displayName = name, firstMessage = "Hi" }, GatewayFactory.Json);
        var refused = await Problems.Assert(response, 400, "Names");
        Assert.Contains("system", refused.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await Http.Describe(await alice.Get("/api/queues/billing/waiting")));
    }

    [Fact]
    public async Task Names_a_name_of_only_invisible_characters_is_refused()
    {
        var response = await gateway.Anonymous().PostAsJsonAsync("/api/enduser/chats",
            new { queueId = "billing", displayName = "\u202E\u2066\u0007 ", firstMessage = "Hi" }, GatewayFactory.Json);
        await Problems.Assert(response, 400, "Names");
    }
}
