namespace LiveChat.Gateway.Tests;

/// <summary>
/// Satisfaction ratings over HTTP (docs/rules.md C1-C5): the admin's per-queue switch, the end
/// user's one rating of its ended chat, the refusals as problems, the agents' view and the dashboard's count.
/// </summary>
public sealed class SatisfactionApiTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task AskInBilling(bool ask)
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var queue = await ada.GetJson<JsonElement>("/api/admin/queues/billing");
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(queue.GetRawText())!;
        body["askSatisfaction"] = ask;
        await Problems.EnsureSuccess(await ada.Put("/api/admin/queues/billing", body));
        Assert.Equal(ask, (await ada.GetJson<JsonElement>("/api/admin/queues/billing")).GetProperty("askSatisfaction").GetBoolean());
    }

    [Fact]
    public async Task C1_to_C5_the_end_user_rates_once_its_agents_see_it_and_the_dashboard_counts_it()
    {
        await AskInBilling(true);
        using var alice = await gateway.SignIn("alice");
        using var sam = await gateway.SignIn("sam");
        var before = (await sam.GetJson<JsonElement>("/api/supervisor/queues/billing/figures")).GetProperty("satisfaction");
        var ratingsBefore = before.ValueKind == JsonValueKind.Object ? before.GetProperty("ratings").GetInt32() : 0;

        var endUser = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Problems.EnsureSuccess(await alice.Post($"{chat}/accept"));
        const string rate = "/api/enduser/chat/satisfaction";
        await Problems.Assert(await endUser.Api.Post(rate, new { rating = 5 }), 409, "C1");
        await Problems.EnsureSuccess(await alice.Post($"{chat}/end"));

        var view = await endUser.Api.GetJson<JsonElement>("/api/enduser/chat");
        Assert.True(view.GetProperty("satisfactionAsked").GetBoolean());
        await Problems.Assert(await endUser.Api.Post(rate, new { rating = 0 }), 400, "C2");
        await Problems.Assert(await endUser.Api.Post(rate, new { comment = "no rating" }), 400, "C2");
        await Problems.Assert(await endUser.Api.Post(rate, new { rating = 4, comment = new string('x', 1001) }), 400, "C2");
        // Another chat's end user rates its own chat only: its token names its chat, which has not ended.
        var other = await gateway.StartChat("billing");
        await Problems.Assert(await other.Api.Post(rate, new { rating = 1 }), 409, "C1");

        var rated = await endUser.Api.PostJson<JsonElement>(rate, new { rating = 4, comment = "Helpful <b>agent</b>" });
        Assert.Equal(4, rated.GetProperty("rating").GetInt32());
        await Problems.Assert(await endUser.Api.Post(rate, new { rating = 1 }), 409, "C3");

        // Its agents see it with the chat.
        var snapshot = await alice.GetJson<JsonElement>(chat);
        Assert.Equal(4, snapshot.GetProperty("satisfaction").GetProperty("rating").GetInt32());
        Assert.Equal("Helpful <b>agent</b>", snapshot.GetProperty("satisfaction").GetProperty("comment").GetString());

        // The dashboard counts it for the queue and for alice (the queue learns one-way: wait for it).
        JsonElement figures = default;
        await GatewayFactory.WaitUntil(async () =>
        {
            figures = (await sam.GetJson<JsonElement>("/api/supervisor/queues/billing/figures")).GetProperty("satisfaction");
            return figures.ValueKind == JsonValueKind.Object && figures.GetProperty("ratings").GetInt32() == ratingsBefore + 1;
        }, TimeSpan.FromSeconds(10), "the rating in the queue's figures");
        var aliceFigures = figures.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("agentId").GetString() == "alice");
        Assert.True(aliceFigures.GetProperty("ratings").GetInt32() >= 1);
        Assert.True(aliceFigures.GetProperty("average").GetDouble() is >= 1 and <= 5);
    }

    [Fact]
    public async Task C1_a_queue_that_does_not_ask_refuses_a_rating()
    {
        await AskInBilling(false);
        using var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await Problems.EnsureSuccess(await endUser.Api.Post("/api/enduser/chat/end"));
        Assert.False((await endUser.Api.GetJson<JsonElement>("/api/enduser/chat")).GetProperty("satisfactionAsked").GetBoolean());
        await Problems.Assert(await endUser.Api.Post("/api/enduser/chat/satisfaction", new { rating = 5 }), 409, "C1");
    }
}
