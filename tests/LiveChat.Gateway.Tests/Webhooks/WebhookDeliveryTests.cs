namespace LiveChat.Gateway.Tests.Webhooks;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Webhooks (docs/rules.md W1–W8) end to end: an admin registers a real HTTP receiver started by the
/// test, chats happen through the public API, and the receiver sees each event signed, with a stable
/// delivery id, in order, also when it fails for a while and when it hangs.
/// </summary>
public sealed class WebhookDeliveryTests(WebhookDeliveryTests.Gateway fixture) : IClassFixture<WebhookDeliveryTests.Gateway>
{
    private static readonly string[] Wired = ["chat.started", "chat.assigned", "chat.ended", "message.posted", "invite.sent", "invite.answered"];
    private readonly GatewayFactory _gateway = fixture.Factory;

    /// <summary>Short waits between retries; an attempt waits long enough for a receiver held on purpose.</summary>
    public sealed class Gateway() : WebhookGateway(new Dictionary<string, string>
    {
        ["FirstRetryDelay"] = "00:00:00.200",
        ["MaxRetryDelay"] = "00:00:01",
        ["Timeout"] = "00:00:30",
    });

    [Fact]
    public async Task W1_W2_each_event_reaches_the_receiver_signed_in_order_with_its_delivery_id_and_the_log_shows_it()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var ada = await _gateway.SignIn("ada", presence: null);
        var (endpointId, secret) = await Register(ada, receiver.Url, Wired);

        using var alice = await _gateway.SignIn("alice");
        var chat = await _gateway.StartChat("billing", firstMessage: "My invoice is wrong");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{chat.ChatId}/accept"));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{chat.ChatId}/messages", new { text = "Let me look" }));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{chat.ChatId}/side-notes", new { text = "not an event" }));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{chat.ChatId}/end"));

        string[] expected = ["chat.started", "message.posted", "chat.assigned", "message.posted", "chat.ended"];
        await receiver.WaitUntil(r => r.Count(x => x.ChatId == chat.ChatId) >= expected.Length, "the chat's five events");
        var mine = receiver.All.Where(r => r.ChatId == chat.ChatId).ToList();
        Assert.Equal(expected, mine.Select(r => r.Event));
        Assert.Equal(expected, mine.Select(r => r.Json.GetProperty("type").GetString()));
        // In order (W6): the chat's sequence numbers rise.
        var seqs = mine.Select(r => r.Json.GetProperty("data").GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal("Let me look", mine[3].Json.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("alice", mine[2].Json.GetProperty("data").GetProperty("agentId").GetString());
        Assert.Equal("EndedByAgent", mine[4].Json.GetProperty("data").GetProperty("endReason").GetString());
        foreach (var delivery in mine)
        {
            // W2: the signature is HMAC-SHA256 over "t.body" under the secret shown at registration.
            var signature = delivery.Headers["X-LiveChat-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var expectedMac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{signature["t"]}.{delivery.Body}")));
            Assert.Equal(expectedMac, signature["v1"]);
            Assert.InRange(long.Parse(signature["t"]), DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
            Assert.Equal(delivery.DeliveryId, delivery.Json.GetProperty("id").GetString());
            Assert.StartsWith("dlv_", delivery.DeliveryId);
        }
        Assert.Equal(mine.Count, mine.Select(r => r.DeliveryId).Distinct().Count());

        // The log (W6) shows every delivery; the secret is never shown again.
        static HashSet<string> Delivered(JsonElement log) => log.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("outcome").GetString() == "Delivered").Select(e => e.GetProperty("deliveryId").GetString()!).ToHashSet();
        var received = mine.Select(r => r.DeliveryId).ToHashSet();
        var log = await WebhookLog.ReadWhen(ada, endpointId, l => Delivered(l).IsSupersetOf(received), "every received delivery logged as delivered");
        Assert.Superset(Delivered(log), received);
        var listed = await ada.Get("/api/admin/webhooks");
        Assert.DoesNotContain(secret, await listed.Content.ReadAsStringAsync());
        Assert.DoesNotContain("whsec_", await (await ada.Get("/api/admin/webhooks/audit")).Content.ReadAsStringAsync());
        await Delete(ada, endpointId);
    }

    [Fact]
    public async Task W4_W7_a_receiver_that_fails_then_recovers_gets_every_event_once_and_retries_keep_the_delivery_id()
    {
        await using var receiver = await WebhookReceiver.Start();
        var failures = 4;
        receiver.Answer = _ => Task.FromResult(Interlocked.Decrement(ref failures) >= 0 ? 503 : 200);
        using var ada = await _gateway.SignIn("ada", presence: null);
        var (endpointId, _) = await Register(ada, receiver.Url, ["message.posted", "chat.started"]);

        var chat = await _gateway.StartChat("billing", firstMessage: "one");
        foreach (var text in new[] { "two", "three", "four" })
            await Problems.EnsureSuccess(await chat.Api.Post("/api/enduser/chat/messages", new { text }));

        await receiver.WaitUntil(r => r.Count(x => x.Delivered && x.ChatId == chat.ChatId) >= 5, "all five events delivered after the failures");
        var mine = receiver.All.Where(r => r.ChatId == chat.ChatId).ToList();
        var delivered = mine.Where(r => r.Delivered).ToList();
        // No event lost, none delivered twice: five distinct delivery ids, each answered 2xx once, in order.
        Assert.Equal(5, delivered.Select(r => r.DeliveryId).Distinct().Count());
        Assert.Equal(5, delivered.Count);
        Assert.Equal(["chat.started", "message.posted", "message.posted", "message.posted", "message.posted"], delivered.Select(r => r.Event));
        Assert.Equal(["one", "two", "three", "four"], delivered.Skip(1).Select(r => r.Json.GetProperty("data").GetProperty("text").GetString()));
        // The failed attempts were retries of the same delivery: same id, same body, a higher attempt number.
        var failed = mine.Where(r => !r.Delivered).ToList();
        Assert.Equal(4, failed.Count);
        Assert.All(failed, f => Assert.Equal(delivered[0].DeliveryId, f.DeliveryId));
        Assert.All(failed, f => Assert.Equal(delivered[0].Body, f.Body));
        Assert.Equal("5", delivered[0].Headers["X-LiveChat-Attempt"]);
        // Exponential backoff: each wait at least as long as the one before it, give or take the jitter.
        var attempts = mine.Where(r => r.DeliveryId == delivered[0].DeliveryId).Select(r => r.At).ToList();
        var waits = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.True(waits[^1] > waits[0] * 1.5, $"waits {string.Join(", ", waits)} ms");

        var log = await WebhookLog.ReadWhen(ada, endpointId, WebhookLog.NothingPending, "the outbox recording the last delivery");
        var outcomes = log.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(4, outcomes.Count(o => o == "Failed"));
        // Paged: two lines at a time, newest first, down to the oldest.
        var page = await ada.GetJson<JsonElement>($"/api/admin/webhooks/{endpointId}/deliveries?max=2");
        Assert.Equal(2, page.GetProperty("entries").GetArrayLength());
        var older = await ada.GetJson<JsonElement>($"/api/admin/webhooks/{endpointId}/deliveries?max=2&before={page.GetProperty("before").GetInt64()}");
        Assert.True(older.GetProperty("entries")[0].GetProperty("seq").GetInt64() < page.GetProperty("entries")[1].GetProperty("seq").GetInt64());
        await Delete(ada, endpointId);
    }

    [Fact]
    public async Task W6_a_receiver_that_hangs_never_slows_the_chat()
    {
        await using var receiver = await WebhookReceiver.Start();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Answer = _ => release.Task;
        using var ada = await _gateway.SignIn("ada", presence: null);
        var (endpointId, _) = await Register(ada, receiver.Url, ["message.posted", "chat.started"]);
        try
        {
            // The receiver holds the first delivery and answers nothing; the chat goes on regardless.
            var chat = await _gateway.StartChat("billing", firstMessage: "hello");
            foreach (var text in new[] { "a", "b", "c" })
            {
                var posted = chat.Api.Post("/api/enduser/chat/messages", new { text });
                Assert.Same(posted, await Task.WhenAny(posted, Task.Delay(TimeSpan.FromSeconds(10))));
                await Problems.EnsureSuccess(await posted);
            }
            var transcript = await chat.Api.GetJson<JsonElement>("/api/enduser/chat/transcript?after=0");
            Assert.Contains(transcript.GetProperty("entries").EnumerateArray(), e => e.GetProperty("text").GetString() == "c");
            var log = await ada.GetJson<JsonElement>($"/api/admin/webhooks/{endpointId}/deliveries");
            Assert.True(log.GetProperty("pending").GetInt32() >= 1);
        }
        finally
        {
            release.SetResult(200);
        }
        await receiver.WaitUntil(r => r.Count(x => x.Delivered) >= 5, "the held deliveries once the receiver answers");
        await Delete(ada, endpointId);
    }

    internal static async Task<(string Id, string Secret)> Register(ApiClient admin, string url, string[] events)
    {
        var response = await admin.Post("/api/admin/webhooks", new { url, events, description = "test receiver" });
        Assert.Equal(201, (int)response.StatusCode);
        var registration = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = registration.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        return (registration.GetProperty("endpoint").GetProperty("id").GetString()!, secret);
    }

    internal static async Task Delete(ApiClient admin, string endpointId) =>
        Assert.Equal(204, (int)(await admin.Delete($"/api/admin/webhooks/{endpointId}")).StatusCode);
}
