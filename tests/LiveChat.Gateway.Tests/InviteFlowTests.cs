namespace LiveChat.Gateway.Tests;

using Api = LiveChat.Client;

/// <summary>
/// The seed flow through the public API and hub, as consoles would drive it, written against the
/// client library (src/Clients/LiveChat.Client): the generated HTTP client and LiveChatHubClient.
/// </summary>
public sealed class InviteFlowTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task R11_S1_invitee_notified_accepts_as_monitor_cannot_post_and_the_end_user_never_sees_it()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await using var aliceConsole = await gateway.ConnectHub(alice.Token);
        await using var bobConsole = await gateway.ConnectHub(bob.Token);
        await using var endUserConsole = await gateway.ConnectHub(endUser.Api.Token);

        await alice.Client.AcceptChatAsync(endUser.ChatId);
        await aliceConsole.Hub.WatchChat(endUser.ChatId);
        await endUserConsole.ChatEvents.WaitFor(e => e.Entry.Kind == Api.EntryKind.Joined);

        // Participant first: everybody sees the join (S1).
        var search = await alice.Client.SearchInviteesAsync(endUser.ChatId, q: "baker");
        Assert.Equal("bob", Assert.Single(search).AgentId);
        var invite = await alice.Client.CreateInviteAsync(endUser.ChatId, new() { InviteeId = "bob", Mode = Api.JoinMode.Monitor });

        var pushed = await bobConsole.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.InviteReceived);
        Assert.Equal(invite.InviteId, pushed.Invite?.InviteId);
        var listed = await bob.Client.GetMyInvitesAsync();
        Assert.Equal(invite.InviteId, Assert.Single(listed).InviteId);

        var accepted = await bob.Client.RespondToInviteAsync(endUser.ChatId, invite.InviteId, new() { Answer = Api.InviteAnswer.Monitor });
        Assert.Equal(Api.InviteStatus.Accepted, accepted.Status);
        var watched = await bobConsole.Hub.WatchChat(endUser.ChatId);
        var join = await aliceConsole.ChatEvents.WaitFor(e => e.Entry.Kind == Api.EntryKind.Joined && e.Entry.RefId == "bob");
        Assert.Equal(Api.Visibility.Agents, join.Entry.Visibility);

        // A10, A11: what the chat tells the monitor it may do, on the hub and over HTTP: follow and leave, never write (A7).
        Assert.Equal([Api.ChatAction.A10_Leave, Api.ChatAction.A11_SeeTranscript], watched.Allowed);
        Assert.Equal([Api.ChatAction.A10_Leave, Api.ChatAction.A11_SeeTranscript], (await bob.Client.GetChatAsync(endUser.ChatId)).Allowed);
        // A monitor cannot post (A7): the client throws the problem, with its status and rule.
        var refused = await Assert.ThrowsAnyAsync<Api.LiveChatApiException>(() => bob.Client.PostChatMessageAsync(endUser.ChatId, new() { Text = "hi" }));
        Assert.Equal(403, refused.StatusCode);
        Assert.Equal("A7", refused.RuleId);

        // Everyone in the chat sees the next message; the end user never saw the monitor.
        var message = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "Is anyone there?" });
        // Agents see the chat's numbers; the end user its own (publicSeq), which skip what it never sees.
        await bobConsole.ChatEvents.WaitFor(e => e.Entry.PublicSeq == message.Seq);
        await aliceConsole.ChatEvents.WaitFor(e => e.Entry.PublicSeq == message.Seq);
        await endUserConsole.ChatEvents.WaitFor(e => e.Entry.Seq == message.Seq);
        var endUserSaw = endUserConsole.ChatEvents.Received.Select(e => e.Entry).ToList();
        Assert.DoesNotContain(endUserSaw, e => e.Kind is Api.EntryKind.InviteStep or Api.EntryKind.SideNote);
        Assert.DoesNotContain("\"bob\"", JsonSerializer.Serialize(endUserSaw));
        var transcript = await endUser.Api.Client.GetEndUserTranscriptAsync(after: 0);
        Assert.DoesNotContain("bob", JsonSerializer.Serialize(transcript));
        var view = await endUser.Api.Client.GetEndUserChatAsync();
        Assert.DoesNotContain("bob", JsonSerializer.Serialize(view));
    }

    [Fact]
    public async Task S1_a_participant_join_reaches_the_end_user_as_a_system_message()
    {
        using var alice = await gateway.SignIn("alice");
        using var carol = await gateway.SignIn("carol");
        var endUser = await gateway.StartChat("billing");
        await using var endUserConsole = await gateway.ConnectHub(endUser.Api.Token);
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        var invite = await alice.Client.CreateInviteAsync(endUser.ChatId, new() { InviteeId = "carol", Mode = Api.JoinMode.Participant });
        await carol.Client.RespondToInviteAsync(endUser.ChatId, invite.InviteId, new() { Answer = Api.InviteAnswer.Participate });

        // The end user knows carol by her name and a per-chat alias, never her sign-in id.
        var join = await endUserConsole.ChatEvents.WaitFor(e => e.Entry.Kind == Api.EntryKind.Joined && e.Entry.Text.StartsWith("Carol"));
        Assert.Equal(Api.Visibility.Everyone, join.Entry.Visibility);
        var alias = join.Entry.RefId!;
        Assert.StartsWith("agent-", alias);
        // A7: the chat tells a participant it may write to the end user, and the message goes through.
        Assert.Contains(Api.ChatAction.A7_ChatWithEndUser, (await carol.Client.GetChatAsync(endUser.ChatId)).Allowed!);
        var reply = await carol.Client.PostChatMessageAsync(endUser.ChatId, new() { Text = "Carol here, I can help" });
        var pushed = await endUserConsole.ChatEvents.WaitFor(e => e.Entry.Seq == reply.PublicSeq);
        Assert.Equal(alias, pushed.Entry.Actor.Id);
        Assert.DoesNotContain("\"carol\"", JsonSerializer.Serialize(endUserConsole.ChatEvents.Received));
    }

    [Fact]
    public async Task Reconnect_a_console_catches_up_by_sequence_number_and_misses_nothing()
    {
        using var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        var console = await gateway.ConnectHub(alice.Token);
        var snapshot = await console.Hub.WatchChat(endUser.ChatId);
        var first = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "one" });
        var seen = await console.ChatEvents.WaitFor(e => e.Entry.PublicSeq == first.Seq);
        var lastSeen = seen.Entry.Seq;
        await console.DisposeAsync();

        // What alice missed, in the chat's numbers (the end user's post answers in its own).
        var missed = new List<long>();
        for (var i = 0; i < 5; i++)
            missed.Add(lastSeen + 1 + i);
        for (var i = 0; i < 5; i++)
            await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = $"while away {i}" });
        missed.Add((await alice.Client.AddSideNoteAsync(endUser.ChatId, new() { Text = "note while away" })).Seq);

        await using var again = await gateway.ConnectHub(alice.Token);
        await again.Hub.WatchChat(endUser.ChatId);
        var caughtUp = await alice.Client.GetChatTranscriptAsync(endUser.ChatId, after: lastSeen);
        Assert.Equal(missed, caughtUp.Entries.Select(e => e.Seq));
        Assert.True(snapshot.LastSeq < lastSeen);

        var live = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "back" });
        await again.ChatEvents.WaitFor(e => e.Entry.PublicSeq == live.Seq);
    }
}
