namespace LiveChat.Gateway.Tests;

/// <summary>
/// Supervisors' reports over HTTP (docs/rules.md RP1-RP3): who may read them, the range's validation,
/// and the figures after a few chats (chats send their facts one-way: the test waits for them).
/// </summary>
public sealed class ReportApiTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const string Today = "/api/supervisor/reports?queue=billing&range=today";

    private static int Figure(JsonElement report, string name) => report.GetProperty("queue").GetProperty(name).GetInt32();

    [Fact]
    public async Task RP2_RP3_supervisors_and_admins_read_reports_others_are_refused_and_bad_ranges_are_problems()
    {
        using var sam = await gateway.SignIn("sam");
        using var ada = await gateway.SignIn("ada", presence: null);
        using var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");

        foreach (var range in new[] { "today", "7d", "30d" })
        {
            var report = await sam.GetJson<JsonElement>($"/api/supervisor/reports?queue=billing&range={range}");
            Assert.Equal(range, report.GetProperty("range").GetString());
            Assert.Equal(ReportLimits.Ranges[range], report.GetProperty("days").GetArrayLength());
        }
        Assert.Equal("tech", (await ada.GetJson<JsonElement>("/api/supervisor/reports?queue=tech&range=7d")).GetProperty("queueId").GetString());

        // RP2: agents and end users are refused by the route's policy; an unknown queue is the admin's 404.
        await Problems.Assert(await alice.Get(Today), 403, "Auth");
        await Problems.Assert(await endUser.Api.Get(Today), 403, "Auth");
        await Problems.Assert(await ada.Get("/api/supervisor/reports?queue=no-such-queue&range=today"), 404, "RP2");
        // RP3: the range and the queue are required and checked.
        foreach (var bad in new[] { "?queue=billing&range=week", "?queue=billing&range=", "?queue=billing", "?range=today", "?queue=%20&range=today", "?queue=billing&range=7D" })
            await Problems.Assert(await sam.Get($"/api/supervisor/reports{bad}"), 400, "RP3");
    }

    [Fact]
    public async Task RP1_the_report_counts_the_chats_made()
    {
        using var sam = await gateway.SignIn("sam");
        using var alice = await gateway.SignIn("alice");
        var before = await sam.GetJson<JsonElement>(Today);

        // One chat answered and ended by alice, one the end user gave up on while waiting.
        var answered = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{answered.ChatId}/accept"));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{answered.ChatId}/messages", new { text = "Hello, how can I help?" }));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{answered.ChatId}/end"));
        var gaveUp = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await gaveUp.Api.Post("/api/enduser/chat/end"));

        JsonElement after = default;
        await GatewayFactory.WaitUntil(async () =>
        {
            after = await sam.GetJson<JsonElement>(Today);
            return Figure(after, "chatsEnded") == Figure(before, "chatsEnded") + 1 && Figure(after, "chatsAbandoned") == Figure(before, "chatsAbandoned") + 1;
        }, TimeSpan.FromSeconds(10), "the two chats in billing's report");
        Assert.Equal(Figure(before, "chatsStarted") + 2, Figure(after, "chatsStarted"));
        Assert.Equal(Figure(before, "chatsAnswered") + 1, Figure(after, "chatsAnswered"));
        Assert.True(after.GetProperty("queue").GetProperty("firstResponseP50Seconds").GetInt32() > 0);
        var aliceFigures = after.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("agentId").GetString() == "alice");
        Assert.True(aliceFigures.GetProperty("figures").GetProperty("chatsEnded").GetInt32() >= 1);
        Assert.Equal(Figure(after, "chatsStarted"), after.GetProperty("days").EnumerateArray().Single().GetProperty("figures").GetProperty("chatsStarted").GetInt32());
    }
}
