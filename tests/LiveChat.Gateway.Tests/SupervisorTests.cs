namespace LiveChat.Gateway.Tests;

using LiveChat.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Api = LiveChat.Client;

/// <summary>
/// The monitoring dashboard's side: live figures and joining without an invite (R13), written
/// against the client library (generated HTTP client, LiveChatHubClient).
/// </summary>
public sealed class SupervisorTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task R13_supervisor_sees_live_figures_and_joins_an_active_chat_without_invite()
    {
        using var sam = await gateway.SignIn("sam");
        using var alice = await gateway.SignIn("alice");
        await using var dashboard = await gateway.ConnectHub(sam.Token);
        var initial = await dashboard.Hub.WatchQueue("billing");
        Assert.Equal("billing", initial.QueueId);

        var endUser = await gateway.StartChat("billing");
        await dashboard.QueueFigures.WaitFor(f => f.WaitingChats >= 1);
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        await dashboard.QueueFigures.WaitFor(f => f.ActiveChatIds.Contains(endUser.ChatId)
            && f.AgentsOnline.Any(a => a.AgentId == "alice" && a.Load >= 1));

        var queues = await sam.Client.ListSupervisedQueuesAsync();
        Assert.Equal(["billing", "tech"], queues.Select(q => q.QueueId).Order());

        await sam.Client.SupervisorJoinChatAsync(endUser.ChatId, new() { Mode = Api.JoinMode.Monitor });
        var snapshot = await sam.Client.GetChatAsync(endUser.ChatId);
        Assert.Contains(snapshot.Members, m => m.AgentId == "sam" && m.Mode == Api.JoinMode.Monitor);
        var refused = await Assert.ThrowsAnyAsync<Api.LiveChatApiException>(() => sam.Client.PostChatMessageAsync(endUser.ChatId, new() { Text = "hello" }));
        Assert.Equal((403, "A7"), (refused.StatusCode, refused.RuleId));
    }

    [Fact]
    public async Task R13_agents_cannot_use_the_dashboard()
    {
        using var alice = await gateway.SignIn("alice");
        var refused = await Assert.ThrowsAnyAsync<Api.LiveChatApiException>(() => alice.Client.ListSupervisedQueuesAsync());
        Assert.Equal((403, "Auth"), (refused.StatusCode, refused.RuleId));
        await using var console = await gateway.ConnectHub(alice.Token);
        await Assert.ThrowsAsync<Api.LiveChatHubException>(() => console.Hub.WatchQueue("billing"));
    }

    [Fact]
    public async Task A11_an_agent_cannot_watch_a_chat_it_is_not_in()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        await using var console = await gateway.ConnectHub(bob.Token);
        var refusal = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => console.Hub.WatchChat(endUser.ChatId));
        Assert.Equal("A11", refusal.RuleId);
    }
}

/// <summary>Typing indicators are relayed, never stored, and never reveal a monitor.</summary>
public sealed class TypingTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A7_typing_reaches_the_others_but_a_monitor_cannot_signal_it()
    {
        await using var chat = await AliceBobAndTheEndUserWatching(Api.JoinMode.Monitor);
        var (endUser, aliceConsole, bobConsole, endUserConsole) = (chat.EndUser, chat.AliceConsole, chat.BobConsole, chat.EndUserConsole);

        await endUserConsole.Hub.SendTyping(endUser.ChatId);
        await aliceConsole.Typing.WaitFor(t => t.ActorKind == Api.ActorKind.EndUser);
        await aliceConsole.Hub.SendTyping(endUser.ChatId);
        // The end user sees alice under her per-chat alias and name, never her sign-in id.
        var seen = await endUserConsole.Typing.WaitFor(t => t.ActorName == "Alice Archer");
        Assert.StartsWith("agent-", seen.ActorId);

        var refusal = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => bobConsole.Hub.SendTyping(endUser.ChatId));
        Assert.Equal("A7", refusal.RuleId);
        // The last typing signal the end user received is still Alice's: nothing of Bob reached it.
        await aliceConsole.Hub.SendTyping(endUser.ChatId);
        await bobConsole.Typing.WaitFor(t => t.ActorId == "alice");
        Assert.All(endUserConsole.Typing.Received, t => Assert.Equal(seen, t));
    }

    [Fact]
    public async Task A11_an_agent_refused_when_it_watches_again_gets_nothing_more_of_the_chat_even_when_its_leave_was_never_pushed()
    {
        await using var chat = await AliceBobAndTheEndUserWatching(Api.JoinMode.Participant);
        var (endUser, aliceConsole, bobConsole, endUserConsole) = (chat.EndUser, chat.AliceConsole, chat.BobConsole, chat.EndUserConsole);

        // The chat wakes up again without the gateway's subscription (the next renewal is 30 s away)
        // and bob leaves: the event that would drop his watch reaches no one.
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        await grains.Chat(endUser.ChatId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await chat.Bob.Client.LeaveChatAsync(endUser.ChatId);

        // Told to read again (chatStale), his console watches again: refused, and that ends the old watch.
        var refusal = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => bobConsole.Hub.WatchChat(endUser.ChatId));
        Assert.Equal("A11", refusal.RuleId);
        await endUserConsole.Hub.SendTyping(endUser.ChatId);
        await aliceConsole.Typing.WaitFor(t => t.ActorKind == Api.ActorKind.EndUser);
        // A push to bob would have been queued on his connection before this round trip's answer.
        await bobConsole.Hub.Echo("after the typing");
        Assert.Empty(bobConsole.Typing.Received);
        Assert.Empty(bobConsole.ChatAccessEnded.Received); // the leave really was not pushed
    }

    /// <summary>A chat alice accepted and bob joined as <paramref name="bobJoinsAs"/>, watched by both and by its end user.</summary>
    private async Task<ThreeWatching> AliceBobAndTheEndUserWatching(Api.JoinMode bobJoinsAs)
    {
        var alice = await gateway.SignIn("alice");
        var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        var invite = await alice.Client.CreateInviteAsync(endUser.ChatId, new() { InviteeId = "bob", Mode = bobJoinsAs });
        var answer = bobJoinsAs == Api.JoinMode.Monitor ? Api.InviteAnswer.Monitor : Api.InviteAnswer.Participate;
        await bob.Client.RespondToInviteAsync(endUser.ChatId, invite.InviteId, new() { Answer = answer });
        var chat = new ThreeWatching(alice, bob, endUser,
            await gateway.ConnectHub(alice.Token), await gateway.ConnectHub(bob.Token), await gateway.ConnectHub(endUser.Api.Token));
        await chat.AliceConsole.Hub.WatchChat(endUser.ChatId);
        await chat.BobConsole.Hub.WatchChat(endUser.ChatId);
        return chat;
    }

    private sealed record ThreeWatching(ApiClient Alice, ApiClient Bob, EndUserClient EndUser,
        HubConsole AliceConsole, HubConsole BobConsole, HubConsole EndUserConsole) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var console in new[] { AliceConsole, BobConsole, EndUserConsole }) await console.DisposeAsync();
            Alice.Dispose();
            Bob.Dispose();
        }
    }
}
