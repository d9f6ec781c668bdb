namespace LiveChat.Grains.Tests;

/// <summary>
/// A replay is no way around the A-table (rule "Idempotency" with the action's rule): a caller who
/// may no longer do what it did (it left, or is back only as a Monitor, or is no longer the
/// assignee) gets the refusal a new call gets, and nothing changes; a caller still allowed gets its
/// first result. After the chat ended, whoever was allowed the action at the end still learns its
/// first result (a retry after a timeout must know its message was stored); nobody else does.
/// </summary>
public sealed class IdempotencyPermissionTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static string Key() => Guid.NewGuid().ToString();
    private static AttachmentInfo File() => new(Guid.NewGuid().ToString("N"), "invoice.pdf", "application/pdf", 1234);

    private async Task Join(string chatId, string assignee, string agentId, JoinMode mode)
    {
        var invite = await Chat(chatId).Invite(assignee, agentId, mode);
        await Chat(chatId).RespondToInvite(agentId, invite.InviteId, mode == JoinMode.Participant ? InviteAnswer.Participate : InviteAnswer.Monitor);
    }

    [Fact]
    public async Task Idempotency_a_participant_who_left_and_came_back_as_monitor_is_refused_its_replays_and_nothing_changes()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        await Join(chatId, alice, bob, JoinMode.Participant);
        var (messageKey, fileKey, articleKey) = (Key(), Key(), Key());
        var message = await chat.PostAgentMessage(bob, "from bob", messageKey);
        var file = File();
        await chat.AddAgentAttachment(bob, file, fileKey);
        await chat.ShareArticle(bob, "kb-1", articleKey);
        // Still a participant: the replay is the first result.
        Assert.Equal(message.Seq, (await chat.PostAgentMessage(bob, "from bob", messageKey)).Seq);
        await chat.EnsureMayAttach(bob, 1, fileKey);

        await chat.Leave(bob);
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Forbidden, () => chat.PostAgentMessage(bob, "from bob", messageKey));
        await RefusedAndUnchanged(chatId, alice, "A9", RefusalKind.Forbidden, () => chat.EnsureMayAttach(bob, 1, fileKey));
        await RefusedAndUnchanged(chatId, alice, "A9", RefusalKind.Forbidden, () => chat.AddAgentAttachment(bob, file with { AttachmentId = "retry-1" }, fileKey));
        await RefusedAndUnchanged(chatId, alice, "A6", RefusalKind.Forbidden, () => chat.ShareArticle(bob, "kb-1", articleKey));

        // Back as a monitor: watching allows none of it.
        await Join(chatId, alice, bob, JoinMode.Monitor);
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Forbidden, () => chat.PostAgentMessage(bob, "from bob", messageKey));
        await RefusedAndUnchanged(chatId, alice, "A9", RefusalKind.Forbidden, () => chat.EnsureMayAttach(bob, 1, fileKey));
        await RefusedAndUnchanged(chatId, alice, "A9", RefusalKind.Forbidden, () => chat.AddAgentAttachment(bob, file with { AttachmentId = "retry-2" }, fileKey));
        await RefusedAndUnchanged(chatId, alice, "A6", RefusalKind.Forbidden, () => chat.ShareArticle(bob, "kb-1", articleKey));
    }

    [Fact]
    public async Task Idempotency_a_former_assignee_is_refused_its_replays_after_releasing_the_chat()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var carol = await Directory.Agent(queue, "Carol", "Cook");
        var (messageKey, ticketKey, inviteKey) = (Key(), Key(), Key());
        await chat.PostAgentMessage(alice, "from alice", messageKey);
        await chat.CreateTicket(alice, "refund", ticketKey);
        await chat.Invite(alice, carol, JoinMode.Monitor, inviteKey);
        await chat.TransferToAgent(alice, bob);
        await RefusedAndUnchanged(chatId, bob, "A7", RefusalKind.Forbidden, () => chat.PostAgentMessage(alice, "from alice", messageKey));
        await RefusedAndUnchanged(chatId, bob, "A4", RefusalKind.Forbidden, () => chat.CreateTicket(alice, "refund", ticketKey));
        await RefusedAndUnchanged(chatId, bob, "R3", RefusalKind.Forbidden, () => chat.Invite(alice, carol, JoinMode.Monitor, inviteKey));
    }

    [Fact]
    public async Task Idempotency_after_the_chat_ended_a_retry_by_who_was_in_it_at_the_end_learns_its_first_result_and_nobody_else_does()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var endUser = TestDirectory.EndUserOf(chatId);
        var carol = await Directory.Agent(queue, "Carol", "Cook");
        await Join(chatId, alice, bob, JoinMode.Participant);
        await Join(chatId, alice, carol, JoinMode.Participant);
        var keys = (Bob: Key(), BobFile: Key(), Alice: Key(), Ticket: Key(), Invite: Key(), EndUser: Key(), Carol: Key());
        var dave = await Directory.Agent(queue, "Dave", "Dunn");
        var bobs = await chat.PostAgentMessage(bob, "from bob", keys.Bob);
        var bobsFile = await chat.AddAgentAttachment(bob, File(), keys.BobFile);
        var alices = await chat.PostAgentMessage(alice, "from alice", keys.Alice);
        var ticket = await chat.CreateTicket(alice, "refund", keys.Ticket);
        var invite = await chat.Invite(alice, dave, JoinMode.Monitor, keys.Invite);
        var endUsers = await chat.PostEndUserMessage(endUser, "from the end user", keys.EndUser);
        await chat.PostAgentMessage(carol, "from carol", keys.Carol);
        await chat.Leave(carol);
        await chat.End(alice);
        var ended = await chat.GetSnapshot(alice);

        Assert.Equal(bobs.Seq, (await chat.PostAgentMessage(bob, "from bob", keys.Bob)).Seq);
        await chat.EnsureMayAttach(bob, 1, keys.BobFile);
        Assert.Equal(bobsFile.Seq, (await chat.AddAgentAttachment(bob, File(), keys.BobFile)).Seq);
        Assert.Equal(alices.Seq, (await chat.PostAgentMessage(alice, "from alice", keys.Alice)).Seq);
        Assert.Equal(ticket.TicketId, (await chat.CreateTicket(alice, "refund", keys.Ticket)).TicketId);
        Assert.Equal(invite.InviteId, (await chat.Invite(alice, dave, JoinMode.Monitor, keys.Invite)).InviteId);
        Assert.Equal(endUsers.Seq, (await chat.PostEndUserMessage(endUser, "from the end user", keys.EndUser)).Seq);
        Assert.Equivalent(ended, await chat.GetSnapshot(alice), strict: true);

        // Carol left before the end: refused like any new message of hers; new keys meet the ended chat.
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Forbidden, () => chat.PostAgentMessage(carol, "from carol", keys.Carol));
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Forbidden, () => chat.PostAgentMessage(bob, "from bob", Key()));
        await RefusedAndUnchanged(chatId, alice, "A9", RefusalKind.Forbidden, () => chat.EnsureMayAttach(bob, 1, Key()));
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Conflict, () => chat.PostAgentMessage(alice, "from alice", Key()));
        // The same key with another request is still another request.
        await RefusedAndUnchanged(chatId, alice, IdempotencyKeys.Rule, RefusalKind.Conflict, () => chat.PostAgentMessage(bob, "something else", keys.Bob));
    }
}
