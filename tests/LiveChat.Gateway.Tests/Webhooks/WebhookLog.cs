namespace LiveChat.Gateway.Tests.Webhooks;

using System.Text.Json;

/// <summary>
/// An endpoint's delivery log (W6) as the admin reads it, once it shows what the test waits for.
/// The receiver has a delivery before the outbox has stored its outcome (the answer travels back,
/// then the outbox commits), so a log read as soon as the receiver saw the delivery can still
/// count it pending.
/// </summary>
internal static class WebhookLog
{
    /// <summary>Reads the log until it satisfies <paramref name="settled"/> (bounded: 30 s).</summary>
    public static async Task<JsonElement> ReadWhen(ApiClient admin, string endpointId, Func<JsonElement, bool> settled, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var log = await admin.GetJson<JsonElement>($"/api/admin/webhooks/{endpointId}/deliveries?max=100");
            if (settled(log)) return log;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The delivery log never showed {what}: {log}");
            // Short pause between reads: the log has no change feed to wait on.
            await Task.Delay(50);
        }
    }

    public static bool NothingPending(JsonElement log) => log.GetProperty("pending").GetInt32() == 0;
}
