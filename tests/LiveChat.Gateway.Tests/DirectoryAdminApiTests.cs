namespace LiveChat.Gateway.Tests;

using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Api = LiveChat.Client;

/// <summary>
/// Directory administration over HTTP, and directory changes reaching live sessions at once.
/// Written against the client library (generated client, LiveChatHubClient); incomplete and
/// malformed bodies are wire matters and use raw HTTP.
/// </summary>
public sealed class DirectoryAdminApiTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static Api.AgentBody NewAgent(string? id, params string[] queues) => new()
    {
        Id = id, FirstName = "Hal", LastName = "Hire", Email = $"{id ?? "hal"}@example.com", Role = Api.AgentRole.Agent,
        Permissions = ["ESChat_Agent"], Queues = [.. queues], Supervises = [], Capacity = 2,
    };

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Admin_api_creates_updates_and_disables_an_agent_and_the_audit_trail_shows_before_and_after()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("hal");
        // The client takes only the documented 201 Created for a new agent: any other answer throws.
        await ada.Client.CreateAgentAsync(NewAgent(id, "billing"));
        await ada.Client.UpdateAgentAsync(id, NewAgent(id, "billing", "tech"));
        await ada.Client.DisableAgentAsync(id);

        var agent = await ada.Client.GetAgentAsync(id);
        Assert.True(agent.Disabled);
        Assert.Equal(["billing", "tech"], agent.Queues);
        var audit = await ada.Client.ReadDirectoryAuditAsync(max: 100);
        var trail = audit.Entries.Where(e => e.Target == $"agent:{id}").ToList();
        Assert.Equal(["DisableAgent", "UpdateAgent", "CreateAgent"], trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal(("ada", Api.AuditOutcome.Applied), (e.ActorId, e.Outcome)));
        Assert.Null(trail[2].AgentBefore);
        Assert.Single(trail[1].AgentBefore!.Queues);
        Assert.Equal(2, trail[1].AgentAfter!.Queues.Count);
        Assert.True(trail[0].AgentAfter!.Disabled);

        var agents = await ada.Client.ListAgentsAsync();
        Assert.Contains(agents.Agents, a => a.Id == "alice");
        var queues = await ada.Client.ListQueuesAsync();
        Assert.Equal(["billing", "tech"], queues.Queues.Select(q => q.Id));
    }

    [Fact]
    public async Task Admin_api_is_for_admins_only_and_bad_input_gets_a_problem_and_changes_nothing()
    {
        using var alice = await gateway.SignIn("alice");
        using var sam = await gateway.SignIn("sam");
        await Problems.Refused(() => alice.Client.ListAgentsAsync(), 403, "Auth");
        await Problems.Refused(() => sam.Client.CreateAgentAsync(NewAgent(NewId("x"), "billing")), 403, "Auth");
        await Problems.Refused(() => gateway.AnonymousApi().ReadDirectoryAuditAsync(), 401, "Auth");

        using var ada = await gateway.SignIn("ada", presence: null);
        var before = await ada.Client.ReadDirectoryAuditAsync(max: 1);
        var id = NewId("bad");
        var badEmail = NewAgent(id);
        badEmail.FirstName = "A";
        badEmail.LastName = "B";
        badEmail.Email = "nope";
        badEmail.Permissions = [];
        await Problems.Refused(() => ada.Client.CreateAgentAsync(badEmail), 400, "Directory");
        await Problems.Refused(() => ada.Client.CreateAgentAsync(NewAgent(id, "no-such-queue")), 400, "Directory");
        // Raw HTTP on purpose: a body missing required fields, and one that is not JSON at all, are
        // malformed input the generated client's types would not send as such.
        await Problems.Assert(await ada.Post("/api/admin/agents", new { id, firstName = "A", lastName = "B", email = "a@b.c" }), 400, "Directory");
        await Problems.Refused(() => ada.Client.CreateAgentAsync(NewAgent("alice", "billing")), 409, "Directory");
        await Problems.Refused(() => ada.Client.UpdateQueueAsync("billing", new() { Name = "", AutomaticAssignment = false, SystemNotifications = true }), 400, "Directory");
        await Problems.Refused(() => ada.Client.DisableAgentAsync("ada"), 409, "Admin");
        var malformed = new StringContent("{\"id\":", System.Text.Encoding.UTF8, "application/json");
        await Problems.Assert(await ada.Http.PostAsync("/api/admin/queues", malformed), 400, "Request");

        await Problems.Refused(() => ada.Client.GetAgentAsync(id), 404, "Directory");
        Assert.Equal("Billing", (await ada.Client.GetDirectoryQueueAsync("billing")).Name);
        var after = await ada.Client.ReadDirectoryAuditAsync(max: 1);
        Assert.Equal(before.Entries[0].Seq, after.Entries[0].Seq);
    }

    [Fact]
    public async Task Disabling_an_agent_closes_its_live_connection_within_a_second_and_refuses_its_next_call()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("hub");
        await ada.Client.CreateAgentAsync(NewAgent(id, "billing"));
        using var agent = await gateway.SignIn(id);
        await using var console = await gateway.ConnectHub(agent.Token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        console.Hub.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await ada.Client.DisableAgentAsync(id);
        var sinceDisabled = Stopwatch.StartNew();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(sinceDisabled.Elapsed < TimeSpan.FromSeconds(1), $"The connection closed {sinceDisabled.Elapsed} after the agent was disabled.");

        // The token has hours left, yet the next call, a new connection and a new sign-in are refused.
        await Problems.Refused(() => agent.Client.GetMeAsync(), 401, "Auth");
        await Assert.ThrowsAnyAsync<Exception>(() => gateway.ConnectHub(agent.Token));
        await Problems.Refused(() => gateway.AnonymousApi().DemoSignInAsync(new() { AgentId = id }), 403, "Auth");

        // Enabled again: the same token works.
        await ada.Client.EnableAgentAsync(id);
        await GatewayFactory.WaitUntil(async () =>
        {
            try
            {
                return (await agent.Client.GetMeAsync()).AgentId == id;
            }
            catch (Api.LiveChatApiException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(5), "the enabled agent's token to work again");
    }

    [Fact]
    public async Task A_supervisor_who_loses_a_queue_stops_receiving_its_figures_but_stays_connected()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("sup");
        Api.AgentBody Supervisor(string? agentId, params string[] supervises) => new()
        {
            Id = agentId, FirstName = "Sue", LastName = "Pervisor", Email = $"{id}@example.com", Role = Api.AgentRole.Supervisor,
            Permissions = [], Queues = [], Supervises = [.. supervises],
        };
        await ada.Client.CreateAgentAsync(Supervisor(id, "billing"));
        using var sue = await gateway.SignIn(id);
        using var sam = await gateway.SignIn("sam");
        await using var sueDashboard = await gateway.ConnectHub(sue.Token);
        await using var samDashboard = await gateway.ConnectHub(sam.Token);
        await sueDashboard.Hub.WatchQueue("billing");
        await samDashboard.Hub.WatchQueue("billing");

        await ada.Client.UpdateAgentAsync(id, Supervisor(null));
        await sueDashboard.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.DirectoryChanged);
        var figuresBefore = sueDashboard.QueueFigures.Received.Count;

        // A new waiting chat changes billing's figures: Sam (still its supervisor) gets them, Sue does not.
        var samBefore = samDashboard.QueueFigures.Received.Count;
        await gateway.StartChat("billing");
        await GatewayFactory.WaitUntil(() => Task.FromResult(samDashboard.QueueFigures.Received.Skip(samBefore).Any(f => f.WaitingChats >= 1)),
            TimeSpan.FromSeconds(10), "Sam to see the new waiting chat");
        Assert.Equal(figuresBefore, sueDashboard.QueueFigures.Received.Count);
        Assert.Equal(HubConnectionState.Connected, sueDashboard.Hub.Connection.State);
    }
}
