namespace LiveChat.Gateway.Tests.Webhooks;

using System.Text;
using Api = LiveChat.Client;

/// <summary>
/// The rest of the customer journey over webhooks (docs/rules.md W9, E9): a transfer offer's answer
/// and a satisfaction rating reach a real receiver like the other events, and erasing an end user
/// withdraws its chats' deliveries still waiting, so nothing erased is stored in the outbox or sent later.
/// </summary>
public sealed class WebhookJourneyTests(WebhookJourneyTests.Gateway fixture) : IClassFixture<WebhookJourneyTests.Gateway>
{
    private readonly GatewayFactory _gateway = fixture.Factory;

    /// <summary>Quick retries, so a failing receiver is tried often while a test waits.</summary>
    public sealed class Gateway() : WebhookGateway(new Dictionary<string, string>
    {
        ["FirstRetryDelay"] = "00:00:00.200",
        ["MaxRetryDelay"] = "00:00:01",
    });

    [Fact]
    public async Task W9_a_declined_and_an_accepted_transfer_offer_each_send_offer_answered()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var ada = await _gateway.SignIn("ada", presence: null);
        var (endpointId, _) = await WebhookDeliveryTests.Register(ada, receiver.Url, ["offer.answered"]);
        using var alice = await _gateway.SignIn("alice");
        using var bob = await _gateway.SignIn("bob");
        var endUser = await _gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Problems.EnsureSuccess(await alice.Post($"{chat}/accept"));

        var declined = (await alice.PostJson<JsonElement>($"{chat}/offers", new { toAgentId = "bob", senderStays = true })).GetProperty("inviteId").GetString()!;
        await Problems.EnsureSuccess(await bob.Post($"{chat}/offers/{declined}/decline"));
        var accepted = (await alice.PostJson<JsonElement>($"{chat}/offers", new { toAgentId = "bob", senderStays = false })).GetProperty("inviteId").GetString()!;
        await Problems.EnsureSuccess(await bob.Post($"{chat}/offers/{accepted}/accept"));

        await receiver.WaitUntil(r => r.Count(x => x.Delivered && x.ChatId == endUser.ChatId) >= 2, "both answers");
        var answers = receiver.All.Where(r => r.Delivered && r.ChatId == endUser.ChatId).ToList();
        // Only offer.answered was subscribed: the offers' sending and the handover's chat.assigned are not sent here.
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.Equal("offer.answered", a.Event));
        Assert.All(answers, a => Assert.Equal("offer.answered", a.Json.GetProperty("type").GetString()));
        var (first, second) = (answers[0].Json.GetProperty("data"), answers[1].Json.GetProperty("data"));
        Assert.Equal((declined, "alice", "bob", "declined", true, "alice"),
            (first.GetProperty("offerId").GetString(), first.GetProperty("senderId").GetString(), first.GetProperty("receiverId").GetString(),
             first.GetProperty("answer").GetString(), first.GetProperty("senderStays").GetBoolean(), first.GetProperty("assigneeId").GetString()));
        Assert.Equal((accepted, "accepted", false, "bob"),
            (second.GetProperty("offerId").GetString(), second.GetProperty("answer").GetString(),
             second.GetProperty("senderStays").GetBoolean(), second.GetProperty("assigneeId").GetString()));
        Assert.Equal("bob", second.GetProperty("actor").GetProperty("id").GetString());

        await Problems.EnsureSuccess(await bob.Post($"{chat}/end"));
        await WebhookDeliveryTests.Delete(ada, endpointId);
    }

    [Fact]
    public async Task W9_a_stored_satisfaction_rating_sends_csat_received_with_its_rating_comment_and_agent()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var ada = await _gateway.SignIn("ada", presence: null);
        await AskInBilling(ada);
        var (endpointId, _) = await WebhookDeliveryTests.Register(ada, receiver.Url, ["csat.received", "chat.ended"]);
        using var alice = await _gateway.SignIn("alice");
        var endUser = await _gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/end"));
        await Problems.EnsureSuccess(await endUser.Api.Post("/api/enduser/chat/satisfaction", new { rating = 4, comment = "Quick and kind" }));

        await receiver.WaitUntil(r => r.Any(x => x.Delivered && x.ChatId == endUser.ChatId && x.Event == "csat.received"), "the rating");
        var mine = receiver.All.Where(r => r.Delivered && r.ChatId == endUser.ChatId).ToList();
        Assert.Equal(["chat.ended", "csat.received"], mine.Select(r => r.Event));
        var rating = mine[1].Json;
        Assert.Equal("csat.received", rating.GetProperty("type").GetString());
        var data = rating.GetProperty("data");
        Assert.Equal((4, "Quick and kind", "alice", "EndUser", endUser.Api.Id),
            (data.GetProperty("rating").GetInt32(), data.GetProperty("comment").GetString(), data.GetProperty("agentId").GetString(),
             data.GetProperty("actor").GetProperty("kind").GetString(), data.GetProperty("actor").GetProperty("id").GetString()));
        Assert.True(data.GetProperty("ratedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        await WebhookDeliveryTests.Delete(ada, endpointId);
    }

    [Fact]
    public async Task E9_erasing_an_end_user_withdraws_its_waiting_deliveries_from_the_outbox_and_nothing_is_sent_after_the_receiver_recovers()
    {
        await using var receiver = await WebhookReceiver.Start();
        var recovered = false;
        receiver.Answer = _ => Task.FromResult(Volatile.Read(ref recovered) ? 200 : 503);
        using var ada = await _gateway.SignIn("ada", presence: null);
        await AskInBilling(ada);
        var (endpointId, _) = await WebhookDeliveryTests.Register(ada, receiver.Url, ["chat.started", "message.posted", "csat.received"]);
        using var alice = await _gateway.SignIn("alice");
        var marker = "erase-me-" + Guid.NewGuid().ToString("N");
        var name = "Erin " + Guid.NewGuid().ToString("N")[..10];
        var endUser = await _gateway.StartChat("billing", name: name, firstMessage: $"My card {marker}");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await Problems.EnsureSuccess(await endUser.Api.Post("/api/enduser/chat/messages", new { text = $"Still {marker}" }));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/end"));
        await Problems.EnsureSuccess(await endUser.Api.Post("/api/enduser/chat/satisfaction", new { rating = 2, comment = $"Slow {marker}" }));

        // The receiver fails, so the chat's four events wait in the outbox, stored with their content.
        var log = await ada.GetJson<JsonElement>($"/api/admin/webhooks/{endpointId}/deliveries?max=100");
        await GatewayFactory.WaitUntil(async () =>
            (log = await ada.GetJson<JsonElement>($"/api/admin/webhooks/{endpointId}/deliveries?max=100")).GetProperty("pending").GetInt32() == 4,
            TimeSpan.FromSeconds(30), "the chat's four deliveries to wait in the outbox");
        await receiver.WaitUntil(r => r.Any(x => x.ChatId == endUser.ChatId), "a failed attempt");
        Assert.True(StorageHolds(marker), "The waiting deliveries' text should be stored before erasure (else this test proves nothing).");

        var report = await ada.Client.EraseEndUserAsync(new Api.DataSubjectBody { EndUserId = endUser.Api.Id });
        Assert.Equal(endUser.ChatId, Assert.Single(report.Erased).ChatId);

        // E9: nothing waits, the log says why in words of its own, and no byte of the content is stored.
        log = await ada.GetJson<JsonElement>($"/api/admin/webhooks/{endpointId}/deliveries?max=100");
        Assert.Equal(0, log.GetProperty("pending").GetInt32());
        var withdrawn = log.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("outcome").GetString() == "Dropped" && e.GetProperty("error").GetString()!.Contains("erased", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, withdrawn.Count);
        Assert.DoesNotContain(marker, log.GetRawText());
        Assert.DoesNotContain(name, log.GetRawText());
        Assert.False(StorageHolds(marker), "An erased chat's text is still in the store (outbox or elsewhere).");
        Assert.False(StorageHolds(name), "An erased end user's name is still in the store (outbox or elsewhere).");

        // The receiver recovers: a later chat's event goes out, and none of the erased chat's before it (one queue, in order: W6).
        Volatile.Write(ref recovered, true);
        var later = await _gateway.StartChat("billing", firstMessage: "after the erasure");
        await receiver.WaitUntil(r => r.Any(x => x.Delivered && x.ChatId == later.ChatId && x.Event == "message.posted"), "the later chat's message");
        Assert.DoesNotContain(receiver.All, r => r.Delivered && r.ChatId == endUser.ChatId);
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{later.ChatId}/accept"));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{later.ChatId}/end"));
        await WebhookDeliveryTests.Delete(ada, endpointId);
    }

    /// <summary>C1: ratings are asked only in a queue that says so.</summary>
    private static async Task AskInBilling(ApiClient admin)
    {
        var queue = await admin.GetJson<JsonElement>("/api/admin/queues/billing");
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(queue.GetRawText())!;
        body["askSatisfaction"] = true;
        await Problems.EnsureSuccess(await admin.Put("/api/admin/queues/billing", body));
    }

    /// <summary>Whether the gateway's SQLite file or its write-ahead log holds the text (UTF-8), read raw.</summary>
    private bool StorageHolds(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var path in new[] { "livechat.db", "livechat.db-wal" }.Select(file => Path.Combine(_gateway.DataFolder, file)).Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            if (copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(needle) >= 0) return true;
        }
        return false;
    }
}
