namespace LiveChat.Grains.Tests;

/// <summary>
/// The one order of a command's effects (ChatSessionGrain.Commands.cs): a command whose state write
/// fails is rolled back. The chat reads exactly as before, and nothing that follows a stored change
/// goes out: no transcript push, no push to an invitee's, receiver's or sender's console. The retry
/// that follows is stored and pushes once, so a push of the failed attempt would show as a second one.
/// </summary>
public sealed class RollbackTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private sealed record Consoles(EventRecorder Chat, EventRecorder Assignee, EventRecorder Colleague);

    /// <summary>The chat's transcript pushes and both agents' consoles, from now on.</summary>
    private async Task<Consoles> Watch(string chatId, string assignee, string colleague) =>
        new(await Client.RecordChat(chatId), await Client.RecordAgent(assignee), await Client.RecordAgent(colleague));

    /// <summary>The command fails on its state write, and the chat (its snapshot holds the members and invites) reads as before.</summary>
    private async Task WriteFailsAndNothingChanges(string chatId, string viewerId, Func<Task> command)
    {
        var before = await Chat(chatId).GetSnapshot(viewerId);
        Cluster.Faults.FailWrites("chat", chatId);

        await StorageFailed(command);

        Assert.Equivalent(before, await Chat(chatId).GetSnapshot(viewerId), strict: true);
    }

    /// <summary>
    /// Waits until the console received everything its agent pushed so far: a settings push the agent
    /// publishes after them has arrived (one agent grain pushes to a console in order). Then checks
    /// the retry's push of <paramref name="kind"/> is the only one: the failed attempt pushed nothing.
    /// </summary>
    private async Task PushedOnlyByTheRetry(EventRecorder console, string agentId, AgentEventKind kind)
    {
        await Agent(agentId).UpdateSettings((await Agent(agentId).GetSnapshot()).Settings);
        await console.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.SettingsChanged);
        Assert.Single(console.AgentEvents, e => e.Kind == kind);
    }

    /// <summary>The same for the chat's transcript pushes, with a side note appended after the retry as the marker.</summary>
    private async Task TranscriptPushedOnlyByTheRetry(string chatId, EventRecorder chat, string assigneeId, int entries)
    {
        var marker = await Chat(chatId).AddSideNote(assigneeId, "Everything before this note was pushed.");
        await chat.WaitFor<ChatEvent>(e => e.Entry.Seq == marker.Seq);
        Assert.Equal(entries, chat.ChatEvents.Count(e => e.Entry.Seq != marker.Seq));
    }

    [Fact]
    public async Task R11_an_invite_not_stored_is_not_pushed_to_its_invitee()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).Invite(alice, bob, JoinMode.Participant));

        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteReceived);
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 1);
    }

    [Fact]
    public async Task R8_a_mode_change_not_stored_changes_nothing_and_pushes_nothing()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).ChangeInviteMode(alice, invite.InviteId, JoinMode.Monitor));

        await Chat(chatId).ChangeInviteMode(alice, invite.InviteId, JoinMode.Monitor);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteUpdated);
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 1);
    }

    [Fact]
    public async Task R9_a_resend_not_stored_changes_nothing_and_pushes_nothing()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Reject);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).ResendInvite(alice, invite.InviteId));

        await Chat(chatId).ResendInvite(alice, invite.InviteId);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteReceived);
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 1);
    }

    [Fact]
    public async Task R14_a_cancel_not_stored_leaves_the_invite_pending_in_the_invitees_list()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).CancelInvite(alice, invite.InviteId));

        Assert.Equal(InviteStatus.Pending, Assert.Single(await Agent(bob).GetInvites()).Status);
        await Chat(chatId).CancelInvite(alice, invite.InviteId);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteClosed);
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 1);
    }

    [Fact]
    public async Task R6_a_rejection_not_stored_leaves_the_invite_pending_in_the_invitees_list()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Reject));

        Assert.Equal(InviteStatus.Pending, Assert.Single(await Agent(bob).GetInvites()).Status);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Reject);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteClosed);
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 1);
    }

    [Fact]
    public async Task R6_an_acceptance_not_stored_is_undone_in_the_invitees_list_of_chats()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));

        Assert.DoesNotContain((await Agent(bob).GetSnapshot()).JoinedChats, c => c.ChatId == chatId);
        Assert.Equal(InviteStatus.Pending, Assert.Single(await Agent(bob).GetInvites()).Status);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteClosed);
        // The acceptance and the join.
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 2);
    }

    [Fact]
    public async Task T6_a_decline_not_stored_is_not_pushed_to_the_sender()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).DeclineOffer(bob, offer.InviteId));

        await Chat(chatId).DeclineOffer(bob, offer.InviteId);
        await PushedOnlyByTheRetry(seen.Assignee, alice, AgentEventKind.SentOfferDeclined);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteClosed);
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 1);
    }

    [Fact]
    public async Task T7_a_cancel_not_stored_leaves_the_offer_pending_in_the_receivers_list()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).CancelOffer(alice, offer.InviteId));

        Assert.Equal(InviteStatus.Pending, Assert.Single(await Agent(bob).GetInvites()).Status);
        await Chat(chatId).CancelOffer(alice, offer.InviteId);
        await PushedOnlyByTheRetry(seen.Colleague, bob, AgentEventKind.InviteClosed);
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, alice, 1);
    }

    [Fact]
    public async Task T5_an_acceptance_not_stored_leaves_the_chat_with_its_sender()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        var seen = await Watch(chatId, alice, bob);

        await WriteFailsAndNothingChanges(chatId, alice, () => Chat(chatId).AcceptOffer(bob, offer.InviteId));

        // The receiver was told before the commit that it owns the chat; that is undone.
        Assert.DoesNotContain(chatId, (await Agent(bob).GetSnapshot()).AssignedChats);
        Assert.Contains(chatId, (await Agent(alice).GetSnapshot()).AssignedChats);
        await Chat(chatId).AcceptOffer(bob, offer.InviteId);
        await PushedOnlyByTheRetry(seen.Assignee, alice, AgentEventKind.SentOfferAccepted);
        // The step for the agents and the handover line for the end user.
        await TranscriptPushedOnlyByTheRetry(chatId, seen.Chat, bob, 2);
    }
}
