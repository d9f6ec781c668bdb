namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// A gateway whose limits come from configuration (the keys the README lists): small attachment
/// quotas, and end users who count as gone after two seconds, so real time can stand in for the
/// product clock.
/// </summary>
public sealed class ConfiguredLimitsGateway : IAsyncLifetime
{
    public static readonly TimeSpan GoneAfter = TimeSpan.FromSeconds(4);

    public GatewayFactory Gateway { get; } = new();

    public async Task InitializeAsync()
    {
        Gateway.Settings["LiveChat:Limits:MaxAttachments"] = "3";
        Gateway.Settings["LiveChat:Limits:MaxAttachmentBytes"] = "3000";
        Gateway.Settings["LiveChat:EndUserGoneAfter"] = GoneAfter.ToString();
        Gateway.Settings["LiveChat:EndUserGoneCheckInterval"] = "00:00:00.2";
        await ((IAsyncLifetime)Gateway).InitializeAsync();
        // A first hub connection is slow (JIT, SignalR's start-up): not inside a test's few seconds.
        await using var warmUp = await Gateway.Connect((await Gateway.SignIn("sam")).Token);
    }

    public Task DisposeAsync() => ((IAsyncLifetime)Gateway).DisposeAsync();
}

public sealed class ConfiguredLimitsTests(ConfiguredLimitsGateway fixture) : IClassFixture<ConfiguredLimitsGateway>
{
    private GatewayFactory Gateway => fixture.Gateway;

    private async Task<(EndUserClient EndUser, ApiClient Alice)> ActiveChat()
    {
        var alice = await ChatScenario.Agent(Gateway, "alice");
        var endUser = await Gateway.StartChat("billing");
        await Http.AssertSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        return (endUser, alice);
    }

    [Fact]
    public async Task Limits_attachment_count_from_LiveChat_Limits_MaxAttachments()
    {
        var (endUser, alice) = await ActiveChat();
        for (var i = 0; i < 3; i++)
            await Http.AssertSuccess(await alice.Http.PostAsync($"/api/chats/{endUser.ChatId}/attachments", Http.File(StoredAttachments.Png(100), "image/png", "a.png")));
        var stored = StoredAttachments.Fingerprint(Gateway);
        var view = await Http.Describe(await endUser.Api.Get("/api/enduser/chat"));

        var refused = await Problems.Assert(await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.TextFile()), 409, "Limits");
        Assert.Contains("(3)", refused.GetProperty("detail").GetString());
        Assert.Equal(stored, StoredAttachments.Fingerprint(Gateway));
        Assert.Equal(view, await Http.Describe(await endUser.Api.Get("/api/enduser/chat")));
    }

    [Fact]
    public async Task Limits_attachment_bytes_from_LiveChat_Limits_MaxAttachmentBytes()
    {
        var (endUser, alice) = await ActiveChat();
        var chat = $"/api/chats/{endUser.ChatId}/attachments";
        await Http.AssertSuccess(await alice.Http.PostAsync(chat, Http.File(StoredAttachments.Png(2500), "image/png", "a.png")));
        var stored = StoredAttachments.Fingerprint(Gateway);
        var view = await Http.Describe(await endUser.Api.Get("/api/enduser/chat"));

        // 2,500 + 501 bytes would pass the 3,000.
        var refused = await Problems.Assert(await alice.Http.PostAsync(chat, Http.File(StoredAttachments.Pdf(501), "application/pdf", "b.pdf")), 409, "Limits");
        Assert.Contains("MB", refused.GetProperty("detail").GetString());
        await Problems.Assert(await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.File(StoredAttachments.Pdf(501), "application/pdf", "b.pdf")), 409, "Limits");
        Assert.Equal(stored, StoredAttachments.Fingerprint(Gateway));
        Assert.Equal(view, await Http.Describe(await endUser.Api.Get("/api/enduser/chat")));

        // Exactly to the limit is fine.
        await Http.AssertSuccess(await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.File(StoredAttachments.Pdf(500), "application/pdf", "b.pdf")));
    }

    [Fact]
    public async Task Lifecycle_a_waiting_chat_ends_when_its_end_user_has_no_connection_for_LiveChat_EndUserGoneAfter()
    {
        // The end user of one chat stays connected to the hub; the other's never connects.
        var connected = await Gateway.StartChat("billing");
        var console = await Gateway.Connect(connected.Api.Token);
        var absent = await Gateway.StartChat("billing");

        await WaitUntilEnded(absent);
        var ended = await LastEntry(absent);
        Assert.Contains("no connection or activity for 4 seconds", ended.GetProperty("text").GetString());
        var waiting = await (await ChatScenario.Agent(Gateway, "alice")).GetJson<JsonElement>("/api/queues/billing/waiting");
        Assert.DoesNotContain(absent.ChatId, waiting.EnumerateArray().Select(w => w.GetProperty("chatId").GetString()));

        // The connected one started first, so it would have ended first had its connection not counted.
        Assert.True("Waiting" == (await connected.Api.GetJson<JsonElement>("/api/enduser/chat")).GetProperty("status").GetString(),
            "The chat of the connected end user ended: " + (await LastEntry(connected)).GetRawText());
        var closedAt = DateTimeOffset.UtcNow;
        await console.DisposeAsync();
        await WaitUntilEnded(connected);
        // It ended for its absence after the connection closed, not before.
        Assert.True((await LastEntry(connected)).GetProperty("at").GetDateTimeOffset() >= closedAt + ConfiguredLimitsGateway.GoneAfter,
            "The chat ended before its end user had been gone for EndUserGoneAfter.");
    }

    private static Task WaitUntilEnded(EndUserClient endUser) => GatewayFactory.WaitUntil(async () =>
        (await endUser.Api.GetJson<JsonElement>("/api/enduser/chat")).GetProperty("status").GetString() == "Ended",
        TimeSpan.FromSeconds(20), $"chat {endUser.ChatId} to end");

    private static async Task<JsonElement> LastEntry(EndUserClient endUser) =>
        (await endUser.Api.GetJson<JsonElement>("/api/enduser/chat/transcript?after=0")).GetProperty("entries").EnumerateArray().Last();
}
