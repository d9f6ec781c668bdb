namespace LiveChat.Gateway.Tests;

using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>The monitoring dashboard's side: live figures and joining without an invite (R13).</summary>
public sealed class SupervisorTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task R13_supervisor_sees_live_figures_and_joins_an_active_chat_without_invite()
    {
        using var sam = await gateway.SignIn("sam");
        using var alice = await gateway.SignIn("alice");
        await using var dashboard = await gateway.Connect(sam.Token);
        var initial = await dashboard.Connection.InvokeAsync<JsonElement>("WatchQueue", "billing");
        Assert.Equal("billing", initial.GetProperty("queueId").GetString());

        var endUser = await gateway.StartChat("billing");
        await dashboard.WaitFor("queueFigures", f => f.GetProperty("waitingChats").GetInt32() >= 1);
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await dashboard.WaitFor("queueFigures", f => f.GetProperty("activeChatIds").EnumerateArray().Any(c => c.GetString() == endUser.ChatId)
            && f.GetProperty("agentsOnline").EnumerateArray().Any(a => a.GetProperty("agentId").GetString() == "alice" && a.GetProperty("load").GetInt32() >= 1));

        var queues = await sam.GetJson<JsonElement>("/api/supervisor/queues");
        Assert.Equal(["billing", "tech"], queues.EnumerateArray().Select(q => q.GetProperty("queueId").GetString()).Order());

        await Problems.EnsureSuccess(await sam.Post($"/api/chats/{endUser.ChatId}/supervisor-join", new { mode = "Monitor" }));
        var snapshot = await sam.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}");
        Assert.Contains(snapshot.GetProperty("members").EnumerateArray(), m => m.GetProperty("agentId").GetString() == "sam"
            && m.GetProperty("mode").GetString() == "Monitor");
        await Problems.Assert(await sam.Post($"/api/chats/{endUser.ChatId}/messages", new { text = "hello" }), 403, "A7");
    }

    [Fact]
    public async Task R13_agents_cannot_use_the_dashboard()
    {
        using var alice = await gateway.SignIn("alice");
        await Problems.Assert(await alice.Get("/api/supervisor/queues"), 403, "Auth");
        await using var console = await gateway.Connect(alice.Token);
        await Assert.ThrowsAsync<HubException>(() => console.Connection.InvokeAsync<JsonElement>("WatchQueue", "billing"));
    }

    [Fact]
    public async Task A11_an_agent_cannot_watch_a_chat_it_is_not_in()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await using var console = await gateway.Connect(bob.Token);
        var refusal = await Assert.ThrowsAsync<HubException>(() => console.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId));
        // SignalR prefixes a server HubException with its own words; the rule follows.
        Assert.Contains("HubException: A11:", refusal.Message);
    }
}

/// <summary>Typing indicators are relayed, never stored, and never reveal a monitor.</summary>
public sealed class TypingTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A7_typing_reaches_the_others_but_a_monitor_cannot_signal_it()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        var invite = await alice.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites", new { inviteeId = "bob", mode = "Monitor" });
        await bob.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites/{invite.GetProperty("inviteId").GetString()}/response", new { answer = "Monitor" });
        await using var aliceConsole = await gateway.Connect(alice.Token);
        await using var bobConsole = await gateway.Connect(bob.Token);
        await using var endUserConsole = await gateway.Connect(endUser.Api.Token);
        await aliceConsole.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId);
        await bobConsole.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId);

        await endUserConsole.Connection.InvokeAsync("Typing", endUser.ChatId);
        await aliceConsole.WaitFor("typing", t => t.GetProperty("actorKind").GetString() == "EndUser");
        await aliceConsole.Connection.InvokeAsync("Typing", endUser.ChatId);
        // The end user sees alice under her per-chat alias and name, never her sign-in id.
        var seen = await endUserConsole.WaitFor("typing", t => t.GetProperty("actorName").GetString() == "Alice Archer");
        Assert.StartsWith("agent-", seen.GetProperty("actorId").GetString());

        var refusal = await Assert.ThrowsAsync<HubException>(() => bobConsole.Connection.InvokeAsync("Typing", endUser.ChatId));
        Assert.Contains("A7:", refusal.Message);
        // The last typing signal the end user received is still Alice's: nothing of Bob reached it.
        await aliceConsole.Connection.InvokeAsync("Typing", endUser.ChatId);
        await bobConsole.WaitFor("typing", t => t.GetProperty("actorId").GetString() == "alice");
        Assert.All(endUserConsole.Received("typing"), t => Assert.Equal(seen.GetRawText(), t.GetRawText()));
    }
}
