namespace LiveChat.Grains.Tests;

/// <summary>One test for each refusal of R1-R15, and the allowed path beside it.</summary>
public sealed class InviteRuleTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task R1_invitee_without_ESChat_Agent_cannot_receive_an_invite()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var erin = await Directory.Agent(queue, "Erin", "Evans", canChat: false);
        var refusal = await Refused("R1", RefusalKind.Forbidden, () => Chat(chatId).Invite(alice, erin, JoinMode.Participant));
        Assert.Contains("ESChat_Agent", refusal.Message);
        Assert.Empty(await Chat(chatId).GetInvites(alice));
        Assert.Empty(await Agent(erin).GetInvites());
    }

    [Fact]
    public async Task R1_assignee_without_ESChat_Agent_cannot_send_an_invite()
    {
        var queue = await Directory.Queue();
        var erin = await Directory.Agent(queue, "Erin", "Evans", canChat: false);
        var bob = await Directory.Agent(queue, "Bob", "Baker");
        var chatId = await Directory.ActiveChat(queue, erin);
        await RefusedAndUnchanged(chatId, erin, "R1", RefusalKind.Forbidden, () => Chat(chatId).Invite(erin, bob, JoinMode.Participant));
    }

    [Fact]
    public async Task R2_invitee_must_be_online()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var away = await Directory.Agent(queue, presence: Presence.Away);
        var offline = await Directory.Agent(queue, presence: Presence.Offline);
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.Conflict, () => Chat(chatId).Invite(alice, away, JoinMode.Participant));
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.Conflict, () => Chat(chatId).Invite(alice, offline, JoinMode.Monitor));
    }

    [Fact]
    public async Task R2_invitee_must_belong_to_the_chats_queue()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var elsewhere = await Directory.Agent(await Directory.Queue());
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.Forbidden, () => Chat(chatId).Invite(alice, elsewhere, JoinMode.Participant));
    }

    [Fact]
    public async Task R2_invitee_must_not_already_be_in_the_chat_nor_have_a_pending_invite()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.Conflict, () => chat.Invite(alice, alice, JoinMode.Participant));
        await chat.Invite(alice, bob, JoinMode.Participant);
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.Conflict, () => chat.Invite(alice, bob, JoinMode.Monitor));

        var carol = await Directory.Agent(queue);
        var invite = await chat.Invite(alice, carol, JoinMode.Monitor);
        await chat.RespondToInvite(carol, invite.InviteId, InviteAnswer.Monitor);
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.Conflict, () => chat.Invite(alice, carol, JoinMode.Participant));
    }

    [Fact]
    public async Task R2_unknown_invitee_is_refused_as_not_found()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.NotFound, () => Chat(chatId).Invite(alice, "nobody-" + Guid.NewGuid(), JoinMode.Participant));
    }

    [Fact]
    public async Task R3_invitees_cannot_invite()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var carol = await Directory.Agent(queue);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        await RefusedAndUnchanged(chatId, alice, "R3", RefusalKind.Forbidden, () => Chat(chatId).Invite(bob, carol, JoinMode.Participant));
        await RefusedAndUnchanged(chatId, alice, "R3", RefusalKind.Forbidden, () => Chat(chatId).Invite(carol, bob, JoinMode.Participant));
    }

    [Fact]
    public async Task R4_only_an_active_chat_receives_invites()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue);
        var bob = await Directory.Agent(queue);
        var waiting = await Directory.WaitingChat(queue);
        // Nobody owns a waiting chat, so the assignee check comes first.
        await Refused("R3", RefusalKind.Forbidden, () => Chat(waiting).Invite(alice, bob, JoinMode.Participant));

        var ended = await Directory.ActiveChat(queue, alice);
        await Chat(ended).End(alice);
        await Refused("R4", RefusalKind.Conflict, () => Chat(ended).Invite(alice, bob, JoinMode.Participant));

        var released = await Directory.ActiveChat(queue, alice);
        var invite = await Chat(released).Invite(alice, bob, JoinMode.Participant);
        await Chat(released).Release(alice);
        // Back in the queue the chat has no owner: its pending invites were cancelled with it.
        await Refused("R14", RefusalKind.Conflict, () => Chat(released).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));
        await Refused("R3", RefusalKind.Forbidden, () => Chat(released).Invite(alice, bob, JoinMode.Participant));
    }

    [Fact]
    public async Task R5_the_inviter_picks_the_mode_and_an_unknown_mode_is_refused()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        await RefusedAndUnchanged(chatId, alice, "R5", RefusalKind.Invalid, () => Chat(chatId).Invite(alice, bob, (JoinMode)7));
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        Assert.Equal(JoinMode.Monitor, invite.Mode);
        Assert.Equal(JoinMode.Monitor, Assert.Single(await Agent(bob).GetInvites()).Mode);
    }

    [Fact]
    public async Task R6_the_answer_must_fit_the_mode_and_come_from_the_invitee()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var participantInvite = await chat.Invite(alice, bob, JoinMode.Participant);
        await RefusedAndUnchanged(chatId, alice, "R6", RefusalKind.Invalid, () => chat.RespondToInvite(bob, participantInvite.InviteId, InviteAnswer.Monitor));
        var carol = await Directory.Agent(queue);
        await RefusedAndUnchanged(chatId, alice, "R6", RefusalKind.Forbidden, () => chat.RespondToInvite(carol, participantInvite.InviteId, InviteAnswer.Participate));
        await RefusedAndUnchanged(chatId, alice, "R6", RefusalKind.Invalid, () => chat.RespondToInvite(bob, participantInvite.InviteId, (InviteAnswer)9));
        await RefusedAndUnchanged(chatId, alice, "R6", RefusalKind.NotFound, () => chat.RespondToInvite(bob, "no-such-invite", InviteAnswer.Reject));

        var monitorInvite = await chat.Invite(alice, carol, JoinMode.Monitor);
        await RefusedAndUnchanged(chatId, alice, "R6", RefusalKind.Invalid, () => chat.RespondToInvite(carol, monitorInvite.InviteId, InviteAnswer.Participate));

        await chat.RespondToInvite(bob, participantInvite.InviteId, InviteAnswer.Participate);
        await chat.RespondToInvite(carol, monitorInvite.InviteId, InviteAnswer.Monitor);
        var members = (await chat.GetSnapshot(alice)).Members;
        Assert.Contains(members, m => m.AgentId == bob && m.Mode == JoinMode.Participant);
        Assert.Contains(members, m => m.AgentId == carol && m.Mode == JoinMode.Monitor);
    }

    [Fact]
    public async Task R7_once_joined_the_invitee_cannot_switch_mode()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        await RefusedAndUnchanged(chatId, alice, "R7", RefusalKind.Conflict, () => Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor));
    }

    [Fact]
    public async Task R7_a_supervisor_who_joined_cannot_switch_mode()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var sam = await Directory.Supervisor(queue);
        await Chat(chatId).SupervisorJoin(sam, JoinMode.Monitor);
        await RefusedAndUnchanged(chatId, alice, "R7", RefusalKind.Conflict, () => Chat(chatId).SupervisorJoin(sam, JoinMode.Participant));
    }

    [Fact]
    public async Task R8_mode_can_change_while_pending_but_not_after_accept()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var bobEvents = await Client.RecordAgent(bob);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var changed = await Chat(chatId).ChangeInviteMode(alice, invite.InviteId, JoinMode.Monitor);
        Assert.Equal(InviteStatus.Pending, changed.Status);
        // The invitee's list follows the change at once.
        await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteUpdated && e.Invite!.Mode == JoinMode.Monitor);
        await RefusedAndUnchanged(chatId, alice, "R8", RefusalKind.Conflict, () => Chat(chatId).ChangeInviteMode(alice, invite.InviteId, JoinMode.Monitor));

        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);
        await RefusedAndUnchanged(chatId, alice, "R8", RefusalKind.Conflict, () => Chat(chatId).ChangeInviteMode(alice, invite.InviteId, JoinMode.Participant));
    }

    [Fact]
    public async Task R8_only_the_inviter_changes_the_mode()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await RefusedAndUnchanged(chatId, alice, "R3", RefusalKind.Forbidden, () => Chat(chatId).ChangeInviteMode(bob, invite.InviteId, JoinMode.Monitor));
    }

    [Fact]
    public async Task R9_after_a_rejection_only_a_resend_lets_the_invitee_join()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var invite = await chat.Invite(alice, bob, JoinMode.Participant);
        await RefusedAndUnchanged(chatId, alice, "R9", RefusalKind.Conflict, () => chat.ResendInvite(alice, invite.InviteId));
        await chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Reject);
        await RefusedAndUnchanged(chatId, alice, "R9", RefusalKind.Conflict, () => chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));
        await RefusedAndUnchanged(chatId, alice, "R9", RefusalKind.Conflict, () => chat.Invite(alice, bob, JoinMode.Participant));

        var bobEvents = await Client.RecordAgent(bob);
        var resent = await chat.ResendInvite(alice, invite.InviteId);
        await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteReceived && e.Invite!.InviteId == invite.InviteId);
        Assert.Contains(resent.History, h => h.Kind == InviteHistoryKind.Rejected);
        await chat.RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        Assert.Contains((await chat.GetSnapshot(alice)).Members, m => m.AgentId == bob);
    }

    [Fact]
    public async Task R10_invite_details_are_for_agents_in_the_chat()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var outsider = await Directory.Agent(queue);
        await Refused("R10", RefusalKind.Forbidden, () => Chat(chatId).GetInvites(outsider));
        var invite = Assert.Single(await Chat(chatId).GetInvites(alice));
        Assert.Equal((bob, JoinMode.Participant, InviteStatus.Pending), (invite.InviteeId, invite.Mode, invite.Status));
        Assert.Equal(Cluster.Clock.Now, invite.History.Single().At);
    }

    [Fact]
    public async Task R11_the_invitee_is_notified_at_once_and_sees_the_invite_in_its_list()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var bobEvents = await Client.RecordAgent(bob);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);

        var pushed = await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteReceived);
        Assert.Equal(invite.InviteId, pushed.Invite!.InviteId);
        Assert.Equal(chatId, pushed.ChatId);
        Assert.True(pushed.BrowserNotification);
        var listed = Assert.Single(await Agent(bob).GetInvites());
        Assert.Equal(invite.InviteId, listed.InviteId);
        Assert.Equal(1, (await Agent(bob).GetSnapshot()).PendingInvites);
    }

    [Fact]
    public async Task R11_the_invitees_list_is_stored_once_per_invite_and_not_rewritten_by_reads()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var before = Cluster.Writes.Count("agent", bob);
        var bobEvents = await Client.RecordAgent(bob);
        await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteReceived);
        Assert.Equal(before + 1, Cluster.Writes.Count("agent", bob));

        Assert.Single(await Agent(bob).GetInvites());
        Assert.Single(await Agent(bob).GetInvites());
        Assert.Equal(before + 1, Cluster.Writes.Count("agent", bob));
    }

    [Fact]
    public async Task R11_no_browser_notification_where_the_agent_turned_them_off()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        await Agent(bob).UpdateSettings(AgentSettings.Default with { BrowserNotifications = false });
        var bobEvents = await Client.RecordAgent(bob);
        await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var pushed = await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteReceived);
        Assert.False(pushed.BrowserNotification);
    }

    [Fact]
    public async Task R12_search_by_first_last_full_name_or_email_case_insensitive_and_partial()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var zoe = await Directory.Agent(queue, "Zoë", "Quartermain");
        await Directory.UntilSearchable(queue, zoe);
        var chat = Chat(chatId);
        async Task<IEnumerable<string>> Find(string q) => (await chat.SearchInvitees(alice, q)).Select(h => h.AgentId);

        Assert.Contains(zoe, await Find("zOË"));
        Assert.Contains(zoe, await Find("quarter"));
        Assert.Contains(zoe, await Find("Zoë Quartermain"));
        Assert.Contains(zoe, await Find(zoe.ToUpperInvariant() + "@EXAMPLE"));
        Assert.DoesNotContain(zoe, await Find("zzz-nobody"));
    }

    [Fact]
    public async Task R12_search_finds_only_online_holders_of_ESChat_Agent_in_the_queue_and_not_in_the_chat()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var offline = await Directory.Agent(queue, "Xavier", "Search", presence: Presence.Offline);
        var noPermission = await Directory.Agent(queue, "Xenia", "Search", canChat: false);
        var otherQueue = await Directory.Agent(await Directory.Queue(), "Xerxes", "Search");
        var eligible = await Directory.Agent(queue, "Xander", "Search");
        var joined = await Directory.Agent(queue, "Xiomara", "Search");
        var invited = await Directory.Agent(queue, "Xylia", "Search");
        // The queue holds every card before the search, so each absence below is the rule's, not a late card's.
        foreach (var agent in new[] { eligible, joined, invited }) await Directory.UntilSearchable(queue, agent);
        foreach (var agent in new[] { offline, noPermission }) await Directory.UntilQueueKnows(queue, agent);
        var chat = Chat(chatId);
        var joinInvite = await chat.Invite(alice, joined, JoinMode.Monitor);
        await chat.RespondToInvite(joined, joinInvite.InviteId, InviteAnswer.Monitor);
        await chat.Invite(alice, invited, JoinMode.Participant);

        var hits = (await chat.SearchInvitees(alice, "search")).Select(h => h.AgentId).ToList();

        Assert.Equal([eligible], hits);
        Assert.DoesNotContain(offline, hits);
        Assert.DoesNotContain(noPermission, hits);
        Assert.DoesNotContain(otherQueue, hits);
        await Refused("R3", RefusalKind.Forbidden, () => chat.SearchInvitees(bob, "search"));
    }

    [Fact]
    public async Task R13_only_a_supervisor_of_the_chats_queue_joins_without_invite()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        await RefusedAndUnchanged(chatId, alice, "R13", RefusalKind.Forbidden, () => Chat(chatId).SupervisorJoin(bob, JoinMode.Monitor));
        var otherSupervisor = await Directory.Supervisor(await Directory.Queue());
        await RefusedAndUnchanged(chatId, alice, "R13", RefusalKind.Forbidden, () => Chat(chatId).SupervisorJoin(otherSupervisor, JoinMode.Monitor));

        // Any number of supervisors may watch; one may barge in as participant.
        var sam = await Directory.Supervisor(queue);
        var sue = await Directory.Supervisor(queue);
        await Chat(chatId).SupervisorJoin(sam, JoinMode.Monitor);
        await Chat(chatId).SupervisorJoin(sue, JoinMode.Participant);
        await Chat(chatId).PostAgentMessage(sue, "Supervisor here, let me help.");
        var waiting = await Directory.WaitingChat(queue);
        await Refused("R13", RefusalKind.Conflict, () => Chat(waiting).SupervisorJoin(sam, JoinMode.Monitor));
    }

    [Fact]
    public async Task R14_the_inviter_cancels_a_pending_invite()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var cancelled = await Chat(chatId).CancelInvite(alice, invite.InviteId);
        Assert.Equal(InviteStatus.Cancelled, cancelled.Status);
        Assert.Empty(await Agent(bob).GetInvites());
        await RefusedAndUnchanged(chatId, alice, "R14", RefusalKind.Conflict, () => Chat(chatId).CancelInvite(alice, invite.InviteId));
        await RefusedAndUnchanged(chatId, alice, "R14", RefusalKind.Conflict, () => Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));
        await RefusedAndUnchanged(chatId, alice, "R14", RefusalKind.Conflict, () => Chat(chatId).ChangeInviteMode(alice, invite.InviteId, JoinMode.Monitor));
        // A cancelled invite does not block a new one.
        var again = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        Assert.NotEqual(invite.InviteId, again.InviteId);
    }

    [Fact]
    public async Task R14_an_invite_that_expired_while_the_chat_was_deactivated_expires_on_activation()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Client.Deactivate(Chat(chatId));
        Cluster.Clock.Advance(TimeSpan.FromMinutes(6));

        // The invitee's list checks with the chat, which wakes up and expires the invite.
        Assert.Empty(await Agent(bob).GetInvites());
        var expired = Assert.Single(await Chat(chatId).GetInvites(alice));
        Assert.Equal(InviteStatus.Expired, expired.Status);
        Assert.Equal(invite.InviteId, expired.InviteId);
    }

    [Fact]
    public async Task R15_an_invitee_who_goes_offline_leaves_joined_chats_but_keeps_pending_invites()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var otherChat = await Directory.ActiveChat(queue, alice);
        var join = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, join.InviteId, InviteAnswer.Participate);
        var pending = await Chat(otherChat).Invite(alice, bob, JoinMode.Monitor);
        var chatEvents = await Client.RecordChat(chatId);

        await Agent(bob).SetPresence(Presence.Offline);

        await chatEvents.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.Left && e.Entry.RefId == bob);
        Assert.DoesNotContain((await Chat(chatId).GetSnapshot(alice)).Members, m => m.AgentId == bob);
        Assert.Empty((await Agent(bob).GetSnapshot()).JoinedChats);
        Assert.Equal(pending.InviteId, Assert.Single(await Agent(bob).GetInvites()).InviteId);
        Assert.Equal(InviteStatus.Pending, (await Chat(otherChat).GetInvites(alice)).Single().Status);
    }
}
