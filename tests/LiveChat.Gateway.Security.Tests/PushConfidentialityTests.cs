namespace LiveChat.Gateway.Security.Tests;

using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Watchers;

/// <summary>
/// A console receives a chat's events only while its agent is in the chat. For every way of no
/// longer being in it, the former member's console receives none of the chat's next events (the
/// remaining member's console receiving the next event is the yardstick), is told its access
/// ended, and cannot watch again.
/// </summary>
public sealed class PushConfidentialityTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A10_a_monitor_who_left_receives_none_of_the_next_events()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var bob = await Watching(gateway, chat.Bob, chat.ChatId);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);

        await Http.AssertSuccess(await chat.Bob.Post($"{chat.Chat}/leave"));
        await Problems.Assert(await chat.Bob.Get(chat.Chat), 403, "A11");
        var left = await alice.WaitFor("chatEvent", e => Of(e, chat.ChatId) && e.GetProperty("entry").GetProperty("kind").GetString() == "Left");
        var note = await chat.Alice.PostJson<JsonElement>($"{chat.Chat}/side-notes", new { text = "after bob left" });
        await alice.WaitFor("chatEvent", e => Entries.Seq(e) == note.GetProperty("seq").GetInt64());

        await AssertReceivedNothingFrom(bob, chat.ChatId, Entries.Seq(left));
    }

    [Fact]
    public async Task A1_the_assignee_who_released_the_chat_receives_none_of_the_next_events()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);
        await using var carol = await Watching(gateway, chat.Carol, chat.ChatId);
        var lastSeq = (await chat.LastSeq()).Chat;

        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/release"));
        var message = await chat.EndUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "still waiting" });
        await carol.WaitFor("chatEvent", e => Of(e, chat.ChatId) && Entries.IsPublic(e, message.GetProperty("seq").GetInt64()));

        await AssertReceivedNothingFrom(alice, chat.ChatId, lastSeq + 1);
    }

    [Fact]
    public async Task A1_the_assignee_who_transferred_to_an_agent_receives_none_of_the_next_events()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);
        await using var carol = await Watching(gateway, chat.Carol, chat.ChatId);
        var lastSeq = (await chat.LastSeq()).Chat;

        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/transfer", new { toAgentId = "bob" }));
        var note = await chat.Bob.PostJson<JsonElement>($"{chat.Chat}/side-notes", new { text = "bob owns it now" });
        await carol.WaitFor("chatEvent", e => Entries.Seq(e) == note.GetProperty("seq").GetInt64() && Of(e, chat.ChatId));

        await AssertReceivedNothingFrom(alice, chat.ChatId, lastSeq + 1);
    }

    [Fact]
    public async Task A1_everyone_in_a_chat_transferred_to_another_queue_receives_none_of_the_next_events()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);
        await using var bob = await Watching(gateway, chat.Bob, chat.ChatId);
        await using var carol = await Watching(gateway, chat.Carol, chat.ChatId);
        await using var endUser = await gateway.Connect(chat.EndUser.Api.Token);
        var lastSeq = (await chat.LastSeq()).Chat;

        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/transfer", new { toQueueId = "tech" }));
        var message = await chat.EndUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "hello tech" });
        await endUser.WaitFor("chatEvent", e => Entries.Seq(e) == message.GetProperty("seq").GetInt64());

        foreach (var former in new[] { alice, bob, carol }) await AssertReceivedNothingFrom(former, chat.ChatId, lastSeq + 1);
    }

    [Fact]
    public async Task R13_a_supervisor_whose_queue_is_no_longer_the_chats_receives_none_of_the_next_events()
    {
        var chat = await ChatScenario.Create(gateway);
        await Http.AssertSuccess(await chat.Sam.Post($"{chat.Chat}/supervisor-join", new { mode = "Monitor" }));
        await using var sam = await Watching(gateway, chat.Sam, chat.ChatId);
        await using var endUser = await gateway.Connect(chat.EndUser.Api.Token);
        var lastSeq = (await chat.LastSeq()).Chat;

        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/transfer", new { toQueueId = "tech" }));
        await Problems.Assert(await chat.Sam.Get(chat.Chat), 403, "A11");
        var message = await chat.EndUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "hello tech" });
        await endUser.WaitFor("chatEvent", e => Entries.Seq(e) == message.GetProperty("seq").GetInt64());

        await AssertReceivedNothingFrom(sam, chat.ChatId, lastSeq + 1);
    }

    [Fact]
    public async Task R15_an_invitee_who_went_offline_receives_none_of_the_next_events()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var bob = await Watching(gateway, chat.Bob, chat.ChatId);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);
        try
        {
            await Http.AssertSuccess(await chat.Bob.Put("/api/me/presence", new { presence = "Offline" }));
            var left = await alice.WaitFor("chatEvent", e => Of(e, chat.ChatId) && e.GetProperty("entry").GetProperty("kind").GetString() == "Left");
            var note = await chat.Alice.PostJson<JsonElement>($"{chat.Chat}/side-notes", new { text = "after bob went offline" });
            await alice.WaitFor("chatEvent", e => Entries.Seq(e) == note.GetProperty("seq").GetInt64());

            await AssertReceivedNothingFrom(bob, chat.ChatId, Entries.Seq(left));
        }
        finally
        {
            await Http.AssertSuccess(await chat.Bob.Put("/api/me/presence", new { presence = "Online" }));
        }
    }

    [Fact]
    public async Task Lifecycle_invitees_of_an_ended_chat_receive_none_of_its_events_from_the_end_on()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);
        await using var bob = await Watching(gateway, chat.Bob, chat.ChatId);
        await using var carol = await Watching(gateway, chat.Carol, chat.ChatId);
        var lastSeq = (await chat.LastSeq()).Chat;

        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/end"));
        // The end is the chat's last event: the assignee (who still reads the ended chat) gets it.
        await alice.WaitFor("chatEvent", e => Of(e, chat.ChatId) && e.GetProperty("status").GetString() == "Ended");

        foreach (var former in new[] { bob, carol }) await AssertReceivedNothingFrom(former, chat.ChatId, lastSeq + 1);
    }

    [Fact]
    public async Task A11_a_watch_does_not_come_back_after_leaving_not_on_the_old_connection_nor_after_a_reconnect()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var bob = await Watching(gateway, chat.Bob, chat.ChatId);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);
        await Http.AssertSuccess(await chat.Bob.Post($"{chat.Chat}/leave"));
        await bob.WaitFor("chatAccessEnded", e => e.GetProperty("chatId").GetString() == chat.ChatId);

        var again = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync<JsonElement>("WatchChat", chat.ChatId));
        Assert.Contains("A11:", again.Message);
        // A reconnect is a new connection: it watches nothing until it asks, and the chat refuses.
        await using var reconnected = await gateway.Connect(chat.Bob.Token);
        await Assert.ThrowsAsync<HubException>(() => reconnected.Connection.InvokeAsync<JsonElement>("WatchChat", chat.ChatId));

        var note = await chat.Alice.PostJson<JsonElement>($"{chat.Chat}/side-notes", new { text = "bob is gone" });
        await alice.WaitFor("chatEvent", e => Entries.Seq(e) == note.GetProperty("seq").GetInt64());
        Assert.Equal("ping", await reconnected.Connection.InvokeAsync<string>("Echo", "ping"));
        Assert.Empty(reconnected.Received("chatEvent"));
        await AssertReceivedNothingFrom(bob, chat.ChatId, note.GetProperty("seq").GetInt64() - 1);
    }
}
