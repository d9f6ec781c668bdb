namespace LiveChat.Grains.Tests;

/// <summary>An invite spans the chat and the invitee's list: a failure half-way never leaves half an invite.</summary>
public sealed class ConsistencyTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task R11_invitee_list_unreachable_means_no_invite_anywhere()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        Cluster.Faults.FailCalls(nameof(IAgentGrain.TrackInvite), bob);

        await Assert.ThrowsAsync<InjectedFaultException>(() => Chat(chatId).Invite(alice, bob, JoinMode.Participant));

        Assert.Empty(await Chat(chatId).GetInvites(alice));
        Assert.Empty(await Agent(bob).GetInvites());
        // Nothing is stuck: the next attempt works.
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        Assert.Equal(invite.InviteId, Assert.Single(await Agent(bob).GetInvites()).InviteId);
    }

    [Fact]
    public async Task R11_chat_failing_to_store_the_invite_leaves_the_invitee_list_to_repair_itself()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        Cluster.Faults.FailWrites("chat", chatId);

        await StorageFailed(() => Chat(chatId).Invite(alice, bob, JoinMode.Participant));

        Assert.Empty(await Chat(chatId).GetInvites(alice));
        // The invitee's list was told first; once past the grace for invites still being sent,
        // reading it checks with the chat and drops what the chat never stored.
        Cluster.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await Agent(bob).GetInvites());
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        Assert.Equal(invite.InviteId, Assert.Single(await Agent(bob).GetInvites()).InviteId);
    }

    [Fact]
    public async Task R14_a_cancel_the_invitee_missed_is_repaired_when_its_list_is_read()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        Cluster.Faults.FailCalls(nameof(IAgentGrain.ForgetInvite), bob);

        await Chat(chatId).CancelInvite(alice, invite.InviteId);

        Assert.Equal(InviteStatus.Cancelled, Assert.Single(await Chat(chatId).GetInvites(alice)).Status);
        Assert.Empty(await Agent(bob).GetInvites());
    }

    [Fact]
    public async Task R6_a_failed_accept_changes_nothing_in_the_chat()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var before = await Chat(chatId).GetSnapshot(alice);
        Cluster.Faults.FailWrites("chat", chatId);

        await StorageFailed(() => Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate));

        Assert.Equivalent(before, await Chat(chatId).GetSnapshot(alice), strict: true);
        Assert.DoesNotContain((await Agent(bob).GetSnapshot()).JoinedChats, c => c.ChatId == chatId);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        Assert.Contains((await Chat(chatId).GetSnapshot(alice)).Members, m => m.AgentId == bob);
    }
}

/// <summary>A queue that lost track of a chat learns of it again when the chat wakes up.</summary>
public sealed class QueueRepairTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task Lifecycle_a_waiting_chat_the_queue_forgot_is_announced_again_when_it_activates()
    {
        var queue = await Directory.Queue();
        // The queue's store fails the write that would have recorded the chat: once the queue
        // deactivates, only the chat still knows it is waiting.
        Cluster.Faults.FailWrites("queue", queue);
        var chatId = await Directory.WaitingChat(queue);
        // The chat tells its queue one-way: deactivating the queue before that notice failed could
        // let the notice reach a fresh activation, which would hold the chat in memory.
        await Cluster.Faults.WritesFailed("queue", queue).WaitAsync(TimeSpan.FromSeconds(10));
        await Client.Deactivate(Queue(queue));
        await FiguresWhen(queue, f => f.WaitingChats == 0);

        await Client.Deactivate(Chat(chatId));
        await Chat(chatId).GetEndUserView(TestDirectory.EndUserOf(chatId));

        var figures = await FiguresWhen(queue, f => f.WaitingChats == 1);
        Assert.Equal([chatId], (await Queue(queue).GetWaitingChats()).Select(w => w.ChatId));
        Assert.Equal(1, figures.WaitingChats);
    }
}
