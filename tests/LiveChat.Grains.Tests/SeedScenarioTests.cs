namespace LiveChat.Grains.Tests;

/// <summary>The seed's whole flows, end to end across chat, agent and queue grains.</summary>
public sealed class SeedScenarioTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task R6_R8_R9_R10_invite_reject_change_mode_resend_accept()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var bobEvents = await Client.RecordAgent(bob);

        var invite = await chat.Invite(alice, bob, JoinMode.Participant);
        await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteReceived && e.Invite!.InviteId == invite.InviteId);

        Cluster.Clock.Advance(TimeSpan.FromSeconds(30));
        var rejected = await chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Reject);
        Assert.Equal(InviteStatus.Rejected, rejected.Status);
        Assert.Empty(await Agent(bob).GetInvites());

        // R9: rejected means no joining until the inviter resends.
        await Refused("R9", RefusalKind.Conflict, () => chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));

        // R8: the inviter may change the mode of a rejected invite.
        var changed = await chat.ChangeInviteMode(alice, invite.InviteId, JoinMode.Monitor);
        Assert.Equal(JoinMode.Monitor, changed.Mode);
        Assert.Equal(InviteStatus.Rejected, changed.Status);

        var resent = await chat.ResendInvite(alice, invite.InviteId);
        Assert.Equal(InviteStatus.Pending, resent.Status);
        var listed = Assert.Single(await Agent(bob).GetInvites());
        Assert.Equal(JoinMode.Monitor, listed.Mode);

        await chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);

        // R10: the inviter sees mode, status and every response with its time.
        var details = Assert.Single(await chat.GetInvites(alice));
        Assert.Equal(InviteStatus.Accepted, details.Status);
        Assert.Equal(JoinMode.Monitor, details.Mode);
        Assert.Equal(
            [InviteHistoryKind.Sent, InviteHistoryKind.Rejected, InviteHistoryKind.ModeChanged, InviteHistoryKind.Resent, InviteHistoryKind.Accepted],
            details.History.Select(h => h.Kind));
        var rejection = details.History.Single(h => h.Kind == InviteHistoryKind.Rejected);
        Assert.Equal(bob, rejection.ActorId);
        Assert.Equal(details.SentAt + TimeSpan.FromSeconds(30), rejection.At);

        var snapshot = await chat.GetSnapshot(alice);
        Assert.Contains(snapshot.Members, m => m.AgentId == bob && m.Mode == JoinMode.Monitor);
    }

    [Fact]
    public async Task R5_A7_A10_monitor_invite_monitor_cannot_send_then_leaves()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var invite = await chat.Invite(alice, bob, JoinMode.Monitor);
        await chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);

        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Forbidden, () => chat.PostAgentMessage(bob, "Can I help?"));

        await chat.Leave(bob);
        var snapshot = await chat.GetSnapshot(alice);
        Assert.DoesNotContain(snapshot.Members, m => m.AgentId == bob);
        Assert.DoesNotContain((await Agent(bob).GetSnapshot()).JoinedChats, c => c.ChatId == chatId);
        // The end user never learns of the monitor, arriving or leaving.
        var endUserView = await chat.ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), 0, 500);
        Assert.DoesNotContain(endUserView.Entries, e => e.RefId == bob);
    }

    [Fact]
    public async Task R13_supervisor_joins_without_invite()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var sam = await Directory.Supervisor(queue);
        var chat = Chat(chatId);

        await chat.SupervisorJoin(sam, JoinMode.Monitor);

        var snapshot = await chat.GetSnapshot(sam);
        Assert.Contains(snapshot.Members, m => m.AgentId == sam && m.Mode == JoinMode.Monitor && m.InviteId is null);
        Assert.Empty(snapshot.Invites);
        await Refused("A7", RefusalKind.Forbidden, () => chat.PostAgentMessage(sam, "hello"));
        Assert.Contains((await Agent(sam).GetSnapshot()).JoinedChats, c => c.ChatId == chatId && c.Mode == JoinMode.Monitor);
    }

    [Fact]
    public async Task S4_invitee_becomes_assignee_by_transfer_and_is_listed_once()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var invite = await chat.Invite(alice, bob, JoinMode.Participant);
        await chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        Assert.Contains((await Agent(bob).GetSnapshot()).JoinedChats, c => c.ChatId == chatId);

        await chat.TransferToAgent(alice, bob);

        var bobNow = await Agent(bob).GetSnapshot();
        Assert.Equal([chatId], bobNow.AssignedChats.Where(c => c == chatId));
        Assert.DoesNotContain(bobNow.JoinedChats, c => c.ChatId == chatId);
        var snapshot = await chat.GetSnapshot(bob);
        Assert.Equal(bob, snapshot.AssigneeId);
        Assert.DoesNotContain(snapshot.Members, m => m.AgentId == bob);
        Assert.DoesNotContain(chatId, (await Agent(alice).GetSnapshot()).AssignedChats);
    }

    [Fact]
    public async Task S3_auto_assignment_skips_the_load_of_invite_joined_chats()
    {
        var queue = await Directory.Queue(automaticAssignment: true);
        // Invite-joined chats come from a second queue without automatic assignment, so nothing
        // but the rule decides where the next chat of the first queue goes.
        var side = await Directory.Queue(automaticAssignment: false);
        // Carol owns one chat; Bob owns none but joined two by invite. Bob is the less loaded.
        var carol = await Directory.Agent(queue, "Carol", "Chen", capacity: 5);
        var dave = await Directory.Agent(side, "Dave", "Dunn", capacity: 5);
        var first = await Directory.WaitingChat(queue);
        await WaitAssigned(first, carol);
        var bob = await Directory.Agent(queue, "Bob", "Baker", capacity: 5, moreQueues: side);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var other = await Directory.ActiveChat(side, dave);
            var invite = await Chat(other).Invite(dave, bob, JoinMode.Participant);
            await Chat(other).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        }
        Assert.Equal(2, (await Agent(bob).GetSnapshot()).JoinedChats.Count);
        Assert.Equal(0, (await Agent(bob).GetSnapshot()).AssignmentLoad);

        var queueEvents = await Client.RecordQueue(queue);
        var next = await Directory.WaitingChat(queue);

        await WaitAssigned(next, bob);
        Assert.DoesNotContain(next, (await Agent(carol).GetSnapshot()).AssignedChats);
        await queueEvents.WaitFor<QueueFigures>(f => f.AgentsOnline.Any(a => a.AgentId == bob && a.Load == 1) && f.WaitingChats == 0);
    }

    private async Task WaitAssigned(string chatId, string agentId)
    {
        var events = await Client.RecordAgent(agentId);
        if ((await Agent(agentId).GetSnapshot()).AssignedChats.Contains(chatId)) return;
        await events.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatAssigned && e.ChatId == chatId);
    }

    [Fact]
    public async Task Lifecycle_chat_ends_with_a_pending_invite_which_is_cancelled()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var bobEvents = await Client.RecordAgent(bob);
        var invite = await chat.Invite(alice, bob, JoinMode.Participant);

        await chat.End(alice);

        var snapshot = await chat.GetSnapshot(alice);
        Assert.Equal(ChatStatus.Ended, snapshot.Status);
        Assert.Equal(InviteStatus.Cancelled, Assert.Single(snapshot.Invites).Status);
        await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteClosed && e.Invite!.InviteId == invite.InviteId);
        Assert.Empty(await Agent(bob).GetInvites());
        await Refused("R14", RefusalKind.Conflict, () => chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));
        Assert.DoesNotContain(chatId, (await Agent(alice).GetSnapshot()).AssignedChats);
    }

    [Fact]
    public async Task R14_invite_expires_unanswered_and_the_invitee_is_told_without_anyone_reading()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var bobEvents = await Client.RecordAgent(bob);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);

        Cluster.Clock.Advance(TimeSpan.FromMinutes(5));

        // The chat's own timer notices; nobody reads the invite in between.
        await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteClosed && e.Invite!.InviteId == invite.InviteId);
        var expired = Assert.Single(await Chat(chatId).GetInvites(alice));
        Assert.Equal(InviteStatus.Expired, expired.Status);
        Assert.Equal(InviteHistoryKind.Expired, expired.History[^1].Kind);
        await Refused("R14", RefusalKind.Conflict, () => Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));
    }
}
