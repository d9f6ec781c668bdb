namespace LiveChat.Gateway.Tests;

using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>Directory administration over HTTP, and directory changes reaching live sessions at once.</summary>
public sealed class DirectoryAdminApiTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static object NewAgent(string id, params string[] queues) => new
    {
        id, firstName = "Hal", lastName = "Hire", email = $"{id}@example.com", role = "Agent",
        permissions = new[] { "ESChat_Agent" }, queues, supervises = Array.Empty<string>(), capacity = 2,
    };

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Admin_api_creates_updates_and_disables_an_agent_and_the_audit_trail_shows_before_and_after()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("hal");
        var created = await ada.Post("/api/admin/agents", NewAgent(id, "billing"));
        Assert.Equal(201, (int)created.StatusCode);
        await Problems.EnsureSuccess(await ada.Put($"/api/admin/agents/{id}", NewAgent(id, "billing", "tech")));
        await Problems.EnsureSuccess(await ada.Post($"/api/admin/agents/{id}/disable"));

        var agent = await ada.GetJson<JsonElement>($"/api/admin/agents/{id}");
        Assert.True(agent.GetProperty("disabled").GetBoolean());
        Assert.Equal(["billing", "tech"], agent.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var audit = await ada.GetJson<JsonElement>("/api/admin/audit?max=100");
        var trail = audit.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("target").GetString() == $"agent:{id}").ToList();
        Assert.Equal(["DisableAgent", "UpdateAgent", "CreateAgent"], trail.Select(e => e.GetProperty("action").GetString()));
        Assert.All(trail, e => Assert.Equal(("ada", "Applied"), (e.GetProperty("actorId").GetString(), e.GetProperty("outcome").GetString())));
        Assert.Equal(JsonValueKind.Null, trail[2].GetProperty("agentBefore").ValueKind);
        Assert.Single(trail[1].GetProperty("agentBefore").GetProperty("queues").EnumerateArray());
        Assert.Equal(2, trail[1].GetProperty("agentAfter").GetProperty("queues").GetArrayLength());
        Assert.True(trail[0].GetProperty("agentAfter").GetProperty("disabled").GetBoolean());

        var agents = await ada.GetJson<JsonElement>("/api/admin/agents");
        Assert.Contains(agents.GetProperty("agents").EnumerateArray(), a => a.GetProperty("id").GetString() == "alice");
        var queues = await ada.GetJson<JsonElement>("/api/admin/queues");
        Assert.Equal(["billing", "tech"], queues.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Admin_api_is_for_admins_only_and_bad_input_gets_a_problem_and_changes_nothing()
    {
        using var alice = await gateway.SignIn("alice");
        using var sam = await gateway.SignIn("sam");
        await Problems.Assert(await alice.Get("/api/admin/agents"), 403, "Auth");
        await Problems.Assert(await sam.Post("/api/admin/agents", NewAgent(NewId("x"), "billing")), 403, "Auth");
        await Problems.Assert(await gateway.Anonymous().GetAsync("/api/admin/audit"), 401, "Auth");

        using var ada = await gateway.SignIn("ada", presence: null);
        var before = await ada.GetJson<JsonElement>("/api/admin/audit?max=1");
        var id = NewId("bad");
        await Problems.Assert(await ada.Post("/api/admin/agents", new { id, firstName = "A", lastName = "B", email = "nope", role = "Agent",
            permissions = Array.Empty<string>(), queues = Array.Empty<string>(), supervises = Array.Empty<string>() }), 400, "Directory");
        await Problems.Assert(await ada.Post("/api/admin/agents", NewAgent(id, "no-such-queue")), 400, "Directory");
        await Problems.Assert(await ada.Post("/api/admin/agents", new { id, firstName = "A", lastName = "B", email = "a@b.c" }), 400, "Directory");
        await Problems.Assert(await ada.Post("/api/admin/agents", NewAgent("alice", "billing")), 409, "Directory");
        await Problems.Assert(await ada.Put("/api/admin/queues/billing", new { name = "", automaticAssignment = false, systemNotifications = true }), 400, "Directory");
        await Problems.Assert(await ada.Post("/api/admin/agents/ada/disable"), 409, "Admin");
        var malformed = new StringContent("{\"id\":", System.Text.Encoding.UTF8, "application/json");
        await Problems.Assert(await ada.Http.PostAsync("/api/admin/queues", malformed), 400, "Request");

        await Problems.Assert(await ada.Get($"/api/admin/agents/{id}"), 404, "Directory");
        Assert.Equal("Billing", (await ada.GetJson<JsonElement>("/api/admin/queues/billing")).GetProperty("name").GetString());
        var after = await ada.GetJson<JsonElement>("/api/admin/audit?max=1");
        Assert.Equal(before.GetProperty("entries")[0].GetProperty("seq").GetInt64(), after.GetProperty("entries")[0].GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Disabling_an_agent_closes_its_live_connection_within_a_second_and_refuses_its_next_call()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("hub");
        await Problems.EnsureSuccess(await ada.Post("/api/admin/agents", NewAgent(id, "billing")));
        using var agent = await gateway.SignIn(id);
        await using var console = await gateway.Connect(agent.Token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        console.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await Problems.EnsureSuccess(await ada.Post($"/api/admin/agents/{id}/disable"));
        var sinceDisabled = Stopwatch.StartNew();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(sinceDisabled.Elapsed < TimeSpan.FromSeconds(1), $"The connection closed {sinceDisabled.Elapsed} after the agent was disabled.");

        // The token has hours left, yet the next call, a new connection and a new sign-in are refused.
        await Problems.Assert(await agent.Get("/api/me"), 401, "Auth");
        await Assert.ThrowsAnyAsync<Exception>(() => gateway.Connect(agent.Token));
        var signIn = await gateway.Anonymous().PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = id }, GatewayFactory.Json);
        await Problems.Assert(signIn, 403, "Auth");

        // Enabled again: the same token works.
        await Problems.EnsureSuccess(await ada.Post($"/api/admin/agents/{id}/enable"));
        await GatewayFactory.WaitUntil(async () => (await agent.Get("/api/me")).IsSuccessStatusCode, TimeSpan.FromSeconds(5), "the enabled agent's token to work again");
    }

    [Fact]
    public async Task A_supervisor_who_loses_a_queue_stops_receiving_its_figures_but_stays_connected()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("sup");
        await Problems.EnsureSuccess(await ada.Post("/api/admin/agents", new
        {
            id, firstName = "Sue", lastName = "Pervisor", email = $"{id}@example.com", role = "Supervisor",
            permissions = Array.Empty<string>(), queues = Array.Empty<string>(), supervises = new[] { "billing" },
        }));
        using var sue = await gateway.SignIn(id);
        using var sam = await gateway.SignIn("sam");
        await using var sueDashboard = await gateway.Connect(sue.Token);
        await using var samDashboard = await gateway.Connect(sam.Token);
        await sueDashboard.Connection.InvokeAsync<JsonElement>("WatchQueue", "billing");
        await samDashboard.Connection.InvokeAsync<JsonElement>("WatchQueue", "billing");

        await Problems.EnsureSuccess(await ada.Put($"/api/admin/agents/{id}", new
        {
            firstName = "Sue", lastName = "Pervisor", email = $"{id}@example.com", role = "Supervisor",
            permissions = Array.Empty<string>(), queues = Array.Empty<string>(), supervises = Array.Empty<string>(),
        }));
        await sueDashboard.WaitFor("agentEvent", e => e.GetProperty("kind").GetString() == "DirectoryChanged");
        var figuresBefore = sueDashboard.Received("queueFigures").Count;

        // A new waiting chat changes billing's figures: Sam (still its supervisor) gets them, Sue does not.
        var samBefore = samDashboard.Received("queueFigures").Count;
        await gateway.StartChat("billing");
        await GatewayFactory.WaitUntil(() => Task.FromResult(samDashboard.Received("queueFigures").Skip(samBefore)
            .Any(f => f.GetProperty("waitingChats").GetInt32() >= 1)), TimeSpan.FromSeconds(10), "Sam to see the new waiting chat");
        Assert.Equal(figuresBefore, sueDashboard.Received("queueFigures").Count);
        Assert.Equal(HubConnectionState.Connected, sueDashboard.Connection.State);
    }
}
