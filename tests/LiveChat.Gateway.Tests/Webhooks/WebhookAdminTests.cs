namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>
/// The webhook registry's rules on a gateway with its defaults (AllowPrivateTargets off): admins only,
/// https to public addresses only (W3), known events, audited changes (W8), and refusals change nothing.
/// </summary>
public sealed class WebhookAdminTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Theory]
    [InlineData("http://hooks.example.com/x")]            // plain http
    [InlineData("https://127.0.0.1/hook")]                // loopback
    [InlineData("https://localhost:8443/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://10.1.2.3/hook")]                 // private
    [InlineData("https://192.168.0.10/hook")]
    [InlineData("https://172.20.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")] // link-local: cloud metadata
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://user:pass@hooks.example.com/x")]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("/relative")]
    public async Task W3_endpoints_that_are_not_https_to_a_public_address_are_refused_and_nothing_is_registered(string url)
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        await Problems.Assert(await ada.Post("/api/admin/webhooks", new { url, events = new[] { "chat.started" } }), 400, "Webhooks");
        var listed = await ada.GetJson<JsonElement>("/api/admin/webhooks");
        Assert.DoesNotContain(listed.EnumerateArray(), e => e.GetProperty("url").GetString() == url);
    }

    [Fact]
    public async Task W1_W8_only_admins_manage_webhooks_bad_events_are_refused_and_register_and_delete_are_audited()
    {
        using var alice = await gateway.SignIn("alice");
        using var sam = await gateway.SignIn("sam");
        await Problems.Assert(await alice.Get("/api/admin/webhooks"), 403, "Auth");
        await Problems.Assert(await sam.Post("/api/admin/webhooks", new { url = "https://hooks.example.com/x", events = new[] { "chat.started" } }), 403, "Auth");
        await Problems.Assert(await gateway.Anonymous().GetAsync("/api/admin/webhooks/audit"), 401, "Auth");

        using var ada = await gateway.SignIn("ada", presence: null);
        await Problems.Assert(await ada.Post("/api/admin/webhooks", new { url = "https://hooks.example.com/x", events = new[] { "chat.exploded" } }), 400, "Webhooks");
        await Problems.Assert(await ada.Post("/api/admin/webhooks", new { url = "https://hooks.example.com/x", events = Array.Empty<string>() }), 400, "Webhooks");
        await Problems.Assert(await ada.Delete("/api/admin/webhooks/wh_nope"), 404, "Webhooks");
        await Problems.Assert(await ada.Get("/api/admin/webhooks/wh_nope/deliveries"), 404, "Webhooks");

        // A public name is accepted (deliveries check the address again on every connection).
        var created = await ada.Post("/api/admin/webhooks", new { url = "https://hooks.example.com/livechat", events = new[] { "chat.ended", "csat.received" } });
        Assert.Equal(201, (int)created.StatusCode);
        var endpoint = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpoint");
        var id = endpoint.GetProperty("id").GetString()!;
        Assert.Equal(["chat.ended", "csat.received"], endpoint.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains((await ada.GetJson<JsonElement>("/api/admin/webhooks")).EnumerateArray(), e => e.GetProperty("id").GetString() == id);
        Assert.Equal(204, (int)(await ada.Delete($"/api/admin/webhooks/{id}")).StatusCode);
        Assert.DoesNotContain((await ada.GetJson<JsonElement>("/api/admin/webhooks")).EnumerateArray(), e => e.GetProperty("id").GetString() == id);

        var audit = await ada.GetJson<JsonElement>("/api/admin/webhooks/audit?max=100");
        var trail = audit.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("endpoint").GetProperty("id").GetString() == id).ToList();
        Assert.Equal(["DeleteWebhook", "RegisterWebhook"], trail.Select(e => e.GetProperty("action").GetString()));
        Assert.All(trail, e => Assert.Equal("ada", e.GetProperty("actorId").GetString()));
    }
}
