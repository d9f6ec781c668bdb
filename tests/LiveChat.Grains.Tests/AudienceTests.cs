namespace LiveChat.Grains.Tests;

/// <summary>
/// Who may receive what of a chat, as the chat decides it: every event names the agents in the
/// chat after its change and the readers of the audit trail (assignee, supervisors of the queue
/// who joined per R13); reading audit entries is refused to anyone else.
/// </summary>
public sealed class AudienceTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task Audit_a_monitor_join_with_notifications_off_is_for_the_assignee_and_joined_supervisors_only()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague(systemNotifications: false);
        var carol = await Directory.Agent(queue, "Carol", "Cole");
        var sam = await Directory.Supervisor(queue);
        var pushes = await Client.RecordChat(chatId);
        var participant = await Chat(chatId).Invite(alice, carol, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(carol, participant.InviteId, InviteAnswer.Participate);
        await Chat(chatId).SupervisorJoin(sam, JoinMode.Monitor);
        var monitor = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, monitor.InviteId, InviteAnswer.Monitor);

        var join = await pushes.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.Joined && e.Entry.RefId == bob);
        Assert.Equal(Visibility.Audit, join.Entry.Visibility);
        Assert.Null(join.EndUserEntry);
        Assert.Equal([alice, carol, sam, bob], join.Audience!.Agents);
        Assert.Equal([alice, sam], join.Audience.AuditReaders);

        Assert.Contains((await Chat(chatId).ReadTranscript(alice, 0, 500, includeAudit: true)).Entries, e => e.RefId == bob && e.Kind == EntryKind.Joined);
        Assert.Contains((await Chat(chatId).ReadTranscript(sam, 0, 500, includeAudit: true)).Entries, e => e.RefId == bob && e.Kind == EntryKind.Joined);
        await Refused("Audit", RefusalKind.Forbidden, () => Chat(chatId).ReadTranscript(carol, 0, 500, includeAudit: true));
        await Refused("Audit", RefusalKind.Forbidden, () => Chat(chatId).ReadTranscript(bob, 0, 500, includeAudit: true));
        var outsider = await Directory.Agent(queue);
        await Refused("A11", RefusalKind.Forbidden, () => Chat(chatId).ReadTranscript(outsider, 0, 500, includeAudit: true));
        Assert.DoesNotContain((await Chat(chatId).ReadTranscript(carol, 0, 500)).Entries, e => e.Visibility == Visibility.Audit);
    }

    [Fact]
    public async Task Audience_leaves_out_whoever_left_with_the_change()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var pushes = await Client.RecordChat(chatId);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);
        Assert.Contains(bob, (await pushes.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.Joined && e.Entry.RefId == bob)).Audience!.Agents);

        await Chat(chatId).Leave(bob);
        var left = await pushes.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.Left && e.Entry.RefId == bob);
        Assert.Equal([alice], left.Audience!.Agents);

        await Chat(chatId).Release(alice);
        var released = await pushes.WaitFor<ChatEvent>(e => e.Status == ChatStatus.Waiting);
        Assert.Empty(released.Audience!.Agents);
        Assert.Empty(released.Audience.AuditReaders);
        Assert.NotNull(released.EndUserEntry);
    }

    [Fact]
    public async Task R13_a_supervisor_who_stops_supervising_the_queue_leaves_the_chat()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var sam = await Directory.Supervisor(queue);
        await Chat(chatId).SupervisorJoin(sam, JoinMode.Monitor);
        var pushes = await Client.RecordChat(chatId);

        var registration = (await Agent(sam).GetSnapshot()).Registration;
        await Agent(sam).Register(registration with { SupervisedQueues = [] });

        var left = await pushes.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.Left && e.Entry.RefId == sam);
        Assert.Equal([alice], left.Audience!.Agents);
        await Refused("A11", RefusalKind.Forbidden, () => Chat(chatId).GetSnapshot(sam));
    }

    [Fact]
    public async Task R13_supervisors_who_joined_leave_with_a_transfer_to_another_queue()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var sam = await Directory.Supervisor(queue);
        await Chat(chatId).SupervisorJoin(sam, JoinMode.Participant);
        var pushes = await Client.RecordChat(chatId);

        await Chat(chatId).TransferToQueue(alice, await Directory.Queue());

        var moved = await pushes.WaitFor<ChatEvent>(e => e.Status == ChatStatus.Waiting);
        Assert.Empty(moved.Audience!.Agents);
        await Refused("A11", RefusalKind.Forbidden, () => Chat(chatId).GetSnapshot(sam));
    }
}
