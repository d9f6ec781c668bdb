namespace LiveChat.Gateway.Tests;

using Microsoft.AspNetCore.SignalR.Client;

/// <summary>The seed flow through the public API and hub, as consoles would drive it.</summary>
public sealed class InviteFlowTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task R11_S1_invitee_notified_accepts_as_monitor_cannot_post_and_the_end_user_never_sees_it()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await using var aliceConsole = await gateway.Connect(alice.Token);
        await using var bobConsole = await gateway.Connect(bob.Token);
        await using var endUserConsole = await gateway.Connect(endUser.Api.Token);

        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await aliceConsole.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId);
        await endUserConsole.WaitFor("chatEvent", e => e.GetProperty("entry").GetProperty("kind").GetString() == "Joined");

        // Participant first: everybody sees the join (S1).
        var search = await alice.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}/invitees?q=baker");
        Assert.Equal("bob", search.EnumerateArray().Single().GetProperty("agentId").GetString());
        var invite = await alice.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites", new { inviteeId = "bob", mode = "Monitor" });
        var inviteId = invite.GetProperty("inviteId").GetString()!;

        var pushed = await bobConsole.WaitFor("agentEvent", e => e.GetProperty("kind").GetString() == "InviteReceived");
        Assert.Equal(inviteId, pushed.GetProperty("invite").GetProperty("inviteId").GetString());
        var listed = await bob.GetJson<JsonElement>("/api/me/invites");
        Assert.Equal(inviteId, listed.EnumerateArray().Single().GetProperty("inviteId").GetString());

        var accepted = await bob.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites/{inviteId}/response", new { answer = "Monitor" });
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        await bobConsole.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId);
        var join = await aliceConsole.WaitFor("chatEvent", e => e.GetProperty("entry").GetProperty("kind").GetString() == "Joined"
            && e.GetProperty("entry").GetProperty("refId").GetString() == "bob");
        Assert.Equal("Agents", join.GetProperty("entry").GetProperty("visibility").GetString());

        // A monitor cannot post (A7).
        await Problems.Assert(await bob.Post($"/api/chats/{endUser.ChatId}/messages", new { text = "hi" }), 403, "A7");

        // Everyone in the chat sees the next message; the end user never saw the monitor.
        var message = await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "Is anyone there?" });
        var seq = message.GetProperty("seq").GetInt64();
        // Agents see the chat's numbers; the end user its own (publicSeq), which skip what it never sees.
        await bobConsole.WaitFor("chatEvent", e => Entries.IsPublic(e, seq));
        await aliceConsole.WaitFor("chatEvent", e => Entries.IsPublic(e, seq));
        await endUserConsole.WaitFor("chatEvent", e => e.GetProperty("entry").GetProperty("seq").GetInt64() == seq);
        var endUserSaw = endUserConsole.Received("chatEvent").Select(e => e.GetProperty("entry")).ToList();
        Assert.DoesNotContain(endUserSaw, e => e.GetProperty("kind").GetString() is "InviteStep" or "SideNote");
        Assert.DoesNotContain(endUserSaw, e => e.GetRawText().Contains("\"bob\""));
        var transcript = await endUser.Api.GetJson<JsonElement>("/api/enduser/chat/transcript?after=0");
        Assert.DoesNotContain("bob", transcript.GetRawText());
        var view = await endUser.Api.GetJson<JsonElement>("/api/enduser/chat");
        Assert.DoesNotContain("bob", view.GetRawText());
    }

    [Fact]
    public async Task S1_a_participant_join_reaches_the_end_user_as_a_system_message()
    {
        using var alice = await gateway.SignIn("alice");
        using var carol = await gateway.SignIn("carol");
        var endUser = await gateway.StartChat("billing");
        await using var endUserConsole = await gateway.Connect(endUser.Api.Token);
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        var invite = await alice.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites", new { inviteeId = "carol", mode = "Participant" });
        await carol.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/invites/{invite.GetProperty("inviteId").GetString()}/response", new { answer = "Participate" });

        // The end user knows carol by her name and a per-chat alias, never her sign-in id.
        var join = await endUserConsole.WaitFor("chatEvent", e => e.GetProperty("entry").GetProperty("kind").GetString() == "Joined"
            && e.GetProperty("entry").GetProperty("text").GetString()!.StartsWith("Carol"));
        Assert.Equal("Everyone", join.GetProperty("entry").GetProperty("visibility").GetString());
        var alias = join.GetProperty("entry").GetProperty("refId").GetString()!;
        Assert.StartsWith("agent-", alias);
        var reply = await carol.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/messages", new { text = "Carol here, I can help" });
        var pushed = await endUserConsole.WaitFor("chatEvent", e => e.GetProperty("entry").GetProperty("seq").GetInt64() == Entries.PublicSeq(reply));
        Assert.Equal(alias, pushed.GetProperty("entry").GetProperty("actor").GetProperty("id").GetString());
        Assert.DoesNotContain("\"carol\"", string.Join("", endUserConsole.Received("chatEvent").Select(e => e.GetRawText())));
    }

    [Fact]
    public async Task Reconnect_a_console_catches_up_by_sequence_number_and_misses_nothing()
    {
        using var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        var console = await gateway.Connect(alice.Token);
        var snapshot = await console.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId);
        var first = await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "one" });
        var seen = await console.WaitFor("chatEvent", e => Entries.IsPublic(e, first.GetProperty("seq").GetInt64()));
        var lastSeen = seen.GetProperty("entry").GetProperty("seq").GetInt64();
        await console.DisposeAsync();

        // What alice missed, in the chat's numbers (the end user's post answers in its own).
        var missed = new List<long>();
        for (var i = 0; i < 5; i++)
            missed.Add(lastSeen + 1 + i);
        for (var i = 0; i < 5; i++)
            await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = $"while away {i}" });
        missed.Add((await alice.PostJson<JsonElement>($"/api/chats/{endUser.ChatId}/side-notes", new { text = "note while away" })).GetProperty("seq").GetInt64());

        await using var again = await gateway.Connect(alice.Token);
        await again.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId);
        var caughtUp = await alice.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}/transcript?after={lastSeen}");
        var seqs = caughtUp.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(missed, seqs);
        Assert.True(snapshot.GetProperty("lastSeq").GetInt64() < lastSeen);

        var live = await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "back" });
        await again.WaitFor("chatEvent", e => Entries.IsPublic(e, live.GetProperty("seq").GetInt64()));
    }
}
