namespace LiveChat.Operations.Tests;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveChat.Gateway.Testing;

/// <summary>The real gateway (embedded, dashboard on) over Kestrel: /metrics on its management port, and the Orleans Dashboard.</summary>
public sealed class DashboardGateway : IAsyncLifetime
{
    public GatewayFactory Gateway { get; } = new() { RealHttp = true };

    public async Task InitializeAsync()
    {
        Gateway.Settings["Gateway:Dashboard"] = "true";
        await Gateway.InitializeAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Gateway).DisposeAsync();
}

public sealed class MetricsAndDashboardTests(DashboardGateway fixture) : IClassFixture<DashboardGateway>
{
    private GatewayFactory Gateway => fixture.Gateway;

    [Fact]
    public async Task Metrics_answer_in_Prometheus_text_format_with_the_chat_counters_after_a_message()
    {
        var before = await ScrapeAsync();

        // An end user starts a chat and writes; alice accepts and answers; she invites bob, who rejects,
        // and carol, who accepts.
        var endUser = await Gateway.StartChat("billing", "Pat", "My invoice is wrong");
        using var alice = await Gateway.SignIn("alice");
        using var bob = await Gateway.SignIn("bob");
        using var carol = await Gateway.SignIn("carol");
        await Ok(alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await Ok(endUser.Api.Post("/api/enduser/chat/messages", new { text = "Still wrong" }));
        await Ok(alice.Post($"/api/chats/{endUser.ChatId}/messages", new { text = "Let me look" }));
        var toBob = await alice.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites", new { inviteeId = "bob", mode = "Participant" });
        await Ok(bob.Post($"/api/chats/{endUser.ChatId}/invites/{toBob.GetProperty("inviteId").GetString()}/response", new { answer = "Reject" }));
        var toCarol = await alice.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites", new { inviteeId = "carol", mode = "Monitor" });
        await Ok(carol.Post($"/api/chats/{endUser.ChatId}/invites/{toCarol.GetProperty("inviteId").GetString()}/response", new { answer = "Monitor" }));
        // A refused call counts under its rule: carol monitors, so she may not post (A7).
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.Post($"/api/chats/{endUser.ChatId}/messages", new { text = "hi" })).StatusCode);

        var after = await ScrapeAsync();
        Assert.True(Value(after, "livechat_chats_started_total") - Value(before, "livechat_chats_started_total") >= 1);
        Assert.True(Value(after, "livechat_messages_posted_total", "sender=\"enduser\"") - Value(before, "livechat_messages_posted_total", "sender=\"enduser\"") >= 1);
        Assert.True(Value(after, "livechat_messages_posted_total", "sender=\"agent\"") - Value(before, "livechat_messages_posted_total", "sender=\"agent\"") >= 1);
        Assert.True(Value(after, "livechat_invites_sent_total") - Value(before, "livechat_invites_sent_total") >= 2);
        Assert.True(Value(after, "livechat_invites_rejected_total") - Value(before, "livechat_invites_rejected_total") >= 1);
        Assert.True(Value(after, "livechat_invites_accepted_total") - Value(before, "livechat_invites_accepted_total") >= 1);
        Assert.True(Value(after, "livechat_calls_refused_total", "rule=\"A7\"") >= 1);
        Assert.True(Value(after, "livechat_chats_active") >= 1);
        // Orleans' own meter is exported too.
        Assert.Matches(new Regex(@"^orleans_\w+", RegexOptions.Multiline), after);
    }

    [Fact]
    public async Task The_dashboard_refuses_anonymous_callers_and_agents_and_serves_supervisors()
    {
        using var anonymous = Gateway.Anonymous();
        using var alice = await Gateway.SignIn("alice");
        using var sam = await Gateway.SignIn("sam");
        foreach (var path in new[] { "/dashboard/", "/dashboard/ClusterStats", "/dashboard/DashboardCounters" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.Get(path)).StatusCode);
        }
        // An end user's chat-scoped token is no supervisor either.
        var endUser = await Gateway.StartChat();
        Assert.Equal(HttpStatusCode.Forbidden, (await endUser.Api.Get("/dashboard/")).StatusCode);

        var page = await sam.Get("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The dashboard gathers its figures on its own timer: right after start it may know no silo
        // yet, so wait (bounded) for the first collection rather than reading once.
        var body = default(JsonElement);
        await GatewayFactory.WaitUntil(async () =>
        {
            var counters = await sam.Get("/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            body = JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement;
            return body.GetProperty("totalActiveHostCount").GetInt32() >= 1;
        }, TimeSpan.FromSeconds(30), "the dashboard to count the silo");
        Assert.True(body.GetProperty("totalActiveHostCount").GetInt32() >= 1, body.ToString());
    }

    private async Task<string> ScrapeAsync()
    {
        // Only the management port serves /metrics (the public one answers 404: ManagementPortTests).
        using var http = Gateway.Management();
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertPrometheusText(response.Content.Headers.ContentType);
        return await response.Content.ReadAsStringAsync();
    }

    internal static void AssertPrometheusText(MediaTypeHeaderValue? contentType)
    {
        Assert.Equal("text/plain", contentType?.MediaType);
        Assert.Contains(contentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (0 when absent).</summary>
    internal static double Value(string exposition, string metric, string? label = null) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => label is null || l.Contains(label, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static async Task Ok(Task<HttpResponseMessage> call) => await Problems.EnsureSuccess(await call);
}
