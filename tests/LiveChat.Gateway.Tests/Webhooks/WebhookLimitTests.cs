namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>
/// The webhook outbox's two ways of losing a delivery, on purpose and said in the delivery log: a
/// delivery still failing after RetryFor is given up (W4), and a full outbox drops its oldest waiting
/// delivery (W5). Small limits, so both happen within a second or two against a real receiver.
/// </summary>
public sealed class WebhookLimitTests(WebhookLimitTests.Gateway fixture) : IClassFixture<WebhookLimitTests.Gateway>
{
    private const int MaxPending = 3;
    private readonly GatewayFactory _gateway = fixture.Factory;

    /// <summary>An outbox of three, deliveries given up after a second.</summary>
    public sealed class Gateway() : WebhookGateway(new Dictionary<string, string>
    {
        ["MaxPending"] = MaxPending.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RetryFor"] = "00:00:01",
        ["FirstRetryDelay"] = "00:00:00.200",
        ["MaxRetryDelay"] = "00:00:00.400",
        ["Timeout"] = "00:00:30",
    });

    [Fact]
    public async Task W4_a_delivery_still_failing_after_RetryFor_is_given_up_and_the_next_one_goes_through()
    {
        await using var receiver = await WebhookReceiver.Start();
        // The chat's first event always fails; every other one is taken.
        string? doomed = null;
        receiver.Answer = r => Task.FromResult((Interlocked.CompareExchange(ref doomed, r.DeliveryId, null) ?? r.DeliveryId) == r.DeliveryId ? 500 : 200);
        using var ada = await _gateway.SignIn("ada", presence: null);
        var endpointId = await Register(ada, receiver.Url, ["chat.started", "message.posted"]);

        var chat = await _gateway.StartChat("billing", firstMessage: null);
        await Problems.EnsureSuccess(await chat.Api.Post("/api/enduser/chat/messages", new { text = "after the doomed one" }));

        // W6 holds the message behind the failing head until the head is given up: its arrival proves both.
        await receiver.WaitUntil(r => r.Any(x => x.Delivered && x.Event == "message.posted"), "the message once the failing head was given up");
        var attempts = receiver.All.Where(r => r.DeliveryId == doomed).ToList();
        Assert.True(attempts.Count >= 2, $"{attempts.Count} attempts: a failed delivery is retried before it is given up");
        Assert.DoesNotContain(attempts, a => a.Delivered);
        Assert.True(attempts[^1].At - attempts[0].At < TimeSpan.FromSeconds(10), "given up about RetryFor (1 s) after the event, not later");

        var log = await WebhookLog.ReadWhen(ada, endpointId, WebhookLog.NothingPending, "the outbox recording the message delivered");
        var lines = log.GetProperty("entries").EnumerateArray().ToList();
        var gaveUp = Assert.Single(lines, l => l.GetProperty("outcome").GetString() == "GaveUp");
        Assert.Equal(doomed, gaveUp.GetProperty("deliveryId").GetString());
        Assert.Equal(attempts.Count, gaveUp.GetProperty("attempt").GetInt32());
        Assert.Equal(attempts.Count - 1, lines.Count(l => l.GetProperty("outcome").GetString() == "Failed"));
        await Delete(ada, endpointId);
    }

    [Fact]
    public async Task W5_a_full_outbox_drops_its_oldest_waiting_deliveries_and_delivers_the_newest()
    {
        await using var receiver = await WebhookReceiver.Start();
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Answer = _ =>
        {
            // The first delivery is held, so everything after it waits in the outbox (W6: one at a time).
            if (firstArrived.TrySetResult()) return held.Task;
            return Task.FromResult(200);
        };
        using var ada = await _gateway.SignIn("ada", presence: null);
        var endpointId = await Register(ada, receiver.Url, ["message.posted"]);
        try
        {
            var chat = await _gateway.StartChat("billing", firstMessage: "m0");
            await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            string[] later = ["m1", "m2", "m3", "m4", "m5"];
            foreach (var text in later)
                await Problems.EnsureSuccess(await chat.Api.Post("/api/enduser/chat/messages", new { text }));

            // Six events into an outbox of three: the three oldest (m0, in flight, among them) are dropped.
            var log = await WebhookLog.ReadWhen(ada, endpointId,
                l => Outcomes(l).Count(o => o == "Dropped") == 3 && l.GetProperty("pending").GetInt32() == MaxPending, "three dropped and three waiting");
            Assert.Equal(MaxPending, log.GetProperty("pending").GetInt32());
        }
        finally
        {
            held.TrySetResult(200);
        }

        // The newest three arrive, in order; m1 and m2 never do. (m0 was already on its way when dropped.)
        await receiver.WaitUntil(r => r.Count(x => x.Delivered) >= 4, "the held delivery and the newest three");
        var texts = receiver.All.Where(r => r.Delivered).Select(r => r.Json.GetProperty("data").GetProperty("text").GetString()).ToList();
        Assert.Equal(["m0", "m3", "m4", "m5"], texts);
        var final = await WebhookLog.ReadWhen(ada, endpointId, WebhookLog.NothingPending, "nothing pending");
        Assert.Equal(4, Outcomes(final).Count(o => o == "Delivered"));
        await Delete(ada, endpointId);
    }

    private static IEnumerable<string?> Outcomes(JsonElement log) =>
        log.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("outcome").GetString());

    private static async Task<string> Register(ApiClient admin, string url, string[] events)
    {
        var response = await admin.Post("/api/admin/webhooks", new { url, events, description = "limits test receiver" });
        Assert.Equal(201, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpoint").GetProperty("id").GetString()!;
    }

    private static async Task Delete(ApiClient admin, string endpointId) =>
        Assert.Equal(204, (int)(await admin.Delete($"/api/admin/webhooks/{endpointId}")).StatusCode);
}
