namespace LiveChat.Gateway.Tests;

using Api = LiveChat.Client;

/// <summary>
/// Live queues over the hub (Q1, Q2), against the client library: an agent watches its queue's
/// waiting list, gets each change numbered, and stops getting them the moment it leaves the queue.
/// </summary>
public sealed class LiveQueueHubTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static Api.AgentBody NewAgent(string id, params string[] queues) => new()
    {
        Id = id, FirstName = "Quinn", LastName = "Queue", Email = $"{id}@example.com", Role = Api.AgentRole.Agent,
        Permissions = ["ESChat_Agent"], Queues = [.. queues], Supervises = [], Capacity = 3,
    };

    [Fact]
    public async Task Q1_Q2_an_agent_follows_its_queue_live_and_a_member_removed_from_it_stops_receiving_it()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("quinn");
        await ada.Client.CreateAgentAsync(NewAgent(id, "billing"));
        using var quinn = await gateway.SignIn(id);
        using var alice = await gateway.SignIn("alice");
        await using var console = await gateway.ConnectHub(quinn.Token);
        await using var witness = await gateway.ConnectHub(alice.Token);
        var view = await console.Hub.WatchWaiting("billing");
        await witness.Hub.WatchWaiting("billing");
        Assert.True(view.Head.Count <= Api.QueueWaitingView.HeadSize);

        // A chat started appears with its customer and first message, numbered after the view.
        var started = await gateway.StartChat("billing", "Nora Newcomer", "Is my order on its way?");
        var arrived = await console.QueueWaiting.WaitFor(e => e.ChatId == started.ChatId);
        Assert.Equal((Api.WaitingChange.Arrived, view.Epoch), (arrived.Change, arrived.Epoch));
        Assert.True(arrived.Seq > view.Seq);
        var shown = Assert.Single(arrived.Head!, w => w.ChatId == started.ChatId);
        Assert.Equal(("Nora Newcomer", "Is my order on its way?"), (shown.EndUserName, shown.Preview));

        // Taken by another agent: the next push no longer lists it.
        await alice.Client.AcceptChatAsync(started.ChatId);
        var taken = await console.QueueWaiting.WaitFor(e => e.ChatId == started.ChatId && e.Change == Api.WaitingChange.Left);
        Assert.DoesNotContain(taken.Head!, w => w.ChatId == started.ChatId);
        Assert.Equal(arrived.Total - 1, taken.Total);

        // Removed from the queue: told at once, and no later change of the queue reaches the console.
        await ada.Client.UpdateAgentAsync(id, NewAgent(id, "tech"));
        Assert.Equal("billing", (await console.QueueAccessEnded.WaitFor(e => e.QueueId == "billing")).QueueId);
        var later = await gateway.StartChat("billing", "Lena Later", "Hello?");
        await witness.QueueWaiting.WaitFor(e => e.ChatId == later.ChatId);
        Assert.Equal("ping", await console.Hub.Echo("ping"));
        Assert.DoesNotContain(console.QueueWaiting.Received, e => e.ChatId == later.ChatId);
        var refused = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => console.Hub.WatchWaiting("billing"));
        Assert.Equal("QueueAccess", refused.RuleId);
    }

    [Fact]
    public async Task Q1_QueueAccess_an_agent_of_another_queue_or_an_end_user_cannot_watch_a_waiting_list()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var id = NewId("tess");
        await ada.Client.CreateAgentAsync(NewAgent(id, "tech"));
        using var tess = await gateway.SignIn(id);
        await using var console = await gateway.ConnectHub(tess.Token);
        var refused = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => console.Hub.WatchWaiting("billing"));
        Assert.Equal("QueueAccess", refused.RuleId);
        Assert.Equal("tech", (await console.Hub.WatchWaiting("tech")).QueueId);

        var endUser = await gateway.StartChat("billing");
        await using var endUserConsole = await gateway.ConnectHub(endUser.Api.Token);
        await Assert.ThrowsAsync<Api.LiveChatHubException>(() => endUserConsole.Hub.WatchWaiting("billing"));
    }
}
