namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Common;

/// <summary>
/// Directory changes take effect at once: a disabled agent goes offline and is given nothing;
/// an agent who lost a queue, a supervision or ESChat_Agent leaves the chats it may no longer be
/// in, and its assigned chats of that queue go back to the queue.
/// </summary>
public sealed class DirectoryEnforcementTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private IDirectoryGrain Admin => Client.Directory();

    private async Task<DirectoryAgent> Current(string admin, string agentId) => await Admin.GetAgent(admin, agentId);

    private async Task Joined(string chatId, string inviter, string invitee, JoinMode mode = JoinMode.Participant)
    {
        var invite = await Chat(chatId).Invite(inviter, invitee, mode);
        await Chat(chatId).RespondToInvite(invitee, invite.InviteId, mode == JoinMode.Participant ? InviteAnswer.Participate : InviteAnswer.Monitor);
    }

    [Fact]
    public async Task Disabled_agent_goes_offline_its_chats_go_back_to_the_queue_and_it_is_given_nothing()
    {
        var admin = await Directory.Admin();
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        await Joined(chatId, alice, bob);
        var owned = await Directory.ActiveChat(queue, bob);
        var bobConsole = await Client.RecordAgent(bob);

        await Admin.SetAgentDisabled(admin, bob, true);

        await bobConsole.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatUnassigned && e.ChatId == owned);
        await bobConsole.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatLeft && e.ChatId == chatId);
        var snapshot = await Agent(bob).GetSnapshot();
        Assert.Equal(Presence.Offline, snapshot.Presence);
        Assert.Empty(snapshot.AssignedChats);
        Assert.Empty(snapshot.JoinedChats);
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        Assert.Equal([owned], (await Queue(queue).GetWaitingChats()).Select(w => w.ChatId));
        Assert.DoesNotContain(bob, (await Chat(chatId).GetSnapshot(alice)).Members.Select(m => m.AgentId));

        // Its own calls are refused; it is neither found (R12) nor given a chat.
        await Refused(Rules.Disabled, RefusalKind.Forbidden, () => Agent(bob).SetPresence(Presence.Online));
        await Refused(Rules.Disabled, RefusalKind.Forbidden, () => Agent(bob).UpdateSettings(AgentSettings.Default));
        await Refused(Rules.Lifecycle, RefusalKind.Conflict, () => Chat(owned).Accept(bob));
        Assert.DoesNotContain(bob, (await Chat(chatId).SearchInvitees(alice, "Baker")).Select(h => h.AgentId));

        // Enabled again, it may work as before.
        await Admin.SetAgentDisabled(admin, bob, false);
        await Agent(bob).SetPresence(Presence.Online);
        await Chat(owned).Accept(bob);
    }

    [Fact]
    public async Task Directory_removing_a_queue_membership_releases_its_chats_of_that_queue_and_leaves_the_joined_ones()
    {
        var admin = await Directory.Admin();
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var other = await Directory.Queue();
        var bob = await Directory.Agent(queue, "Bea", "Both", moreQueues: other);
        await Joined(chatId, alice, bob, JoinMode.Monitor);
        var ownedHere = await Directory.ActiveChat(queue, bob);
        var ownedThere = await Directory.ActiveChat(other, bob);
        var bobConsole = await Client.RecordAgent(bob);

        await Admin.UpdateAgent(admin, await Current(admin, bob) with { Queues = [other] });

        await bobConsole.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatUnassigned && e.ChatId == ownedHere);
        await bobConsole.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatLeft && e.ChatId == chatId);
        var snapshot = await Agent(bob).GetSnapshot();
        Assert.Equal([ownedThere], snapshot.AssignedChats);
        Assert.Empty(snapshot.JoinedChats);
        Assert.Equal(Presence.Online, snapshot.Presence);
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        Assert.Equal([ownedHere], (await Queue(queue).GetWaitingChats()).Select(w => w.ChatId));
        Assert.Equal(bob, (await Chat(ownedThere).GetSnapshot(bob)).AssigneeId);
    }

    [Fact]
    public async Task R1_removing_ESChat_Agent_refuses_the_next_invite_and_the_invitee_leaves_the_chat()
    {
        var admin = await Directory.Admin();
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        await Joined(chatId, alice, bob);
        var bobConsole = await Client.RecordAgent(bob);
        var bobsChat = await Directory.ActiveChat(queue, bob);
        var carol = await Directory.Agent(queue, "Carol", "Chen");

        await Admin.UpdateAgent(admin, await Current(admin, bob) with { Permissions = [] });

        await bobConsole.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatLeft && e.ChatId == chatId);
        await RefusedAndUnchanged(chatId, alice, "R1", RefusalKind.Forbidden, () => Chat(chatId).Invite(alice, bob, JoinMode.Monitor));
        await RefusedAndUnchanged(bobsChat, bob, "R1", RefusalKind.Forbidden, () => Chat(bobsChat).Invite(bob, carol, JoinMode.Monitor));
        // Its own chat stays its own: ESChat_Agent is about invites (R1), not about owning chats.
        Assert.Equal(bob, (await Chat(bobsChat).GetSnapshot(bob)).AssigneeId);
    }

    [Fact]
    public async Task R13_a_supervisor_who_no_longer_supervises_the_queue_leaves_the_chat_it_joined()
    {
        var admin = await Directory.Admin();
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var other = await Directory.Queue();
        var sam = await Directory.Supervisor(queue, other);
        await Chat(chatId).SupervisorJoin(sam, JoinMode.Monitor);
        var samConsole = await Client.RecordAgent(sam);

        await Admin.UpdateAgent(admin, await Current(admin, sam) with { Supervises = [other] });

        await samConsole.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatLeft && e.ChatId == chatId);
        Assert.DoesNotContain(sam, (await Chat(chatId).GetSnapshot(alice)).Members.Select(m => m.AgentId));
        await Refused("R13", RefusalKind.Forbidden, () => Chat(chatId).SupervisorJoin(sam, JoinMode.Monitor));
    }
}
