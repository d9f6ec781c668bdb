namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;

/// <summary>The action table (A1-A11, docs/rules.md), role by role, through real grain calls: allowed actions succeed, the rest are refused and change nothing.</summary>
public sealed class ChatActionTableTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    public static TheoryData<ChatAction, ChatRole, bool> Table()
    {
        var data = new TheoryData<ChatAction, ChatRole, bool>();
        foreach (var action in Enum.GetValues<ChatAction>())
            foreach (var role in new[] { ChatRole.Assignee, ChatRole.Participant, ChatRole.Monitor, ChatRole.None })
                data.Add(action, role, TableAllows(role, action));
        return data;
    }

    /// <summary>The table of docs/rules.md written out again here, so the tests check the grain's own copy against it.</summary>
    private static bool TableAllows(ChatRole role, ChatAction action) => role switch
    {
        ChatRole.Assignee => action != ChatAction.A10_Leave,
        ChatRole.Participant => action is ChatAction.A6_ShareArticle or ChatAction.A7_ChatWithEndUser
            or ChatAction.A8_CannedText or ChatAction.A9_Attachments or ChatAction.A10_Leave or ChatAction.A11_SeeTranscript,
        ChatRole.Monitor => action is ChatAction.A10_Leave or ChatAction.A11_SeeTranscript,
        _ => false,
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task A1_to_A11_each_role_may_do_exactly_what_the_table_allows(ChatAction action, ChatRole role, bool allowed)
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var actor = role switch
        {
            ChatRole.Assignee => alice,
            ChatRole.None => await Directory.Agent(queue),
            _ => bob,
        };
        if (role is ChatRole.Participant or ChatRole.Monitor) await Join(chatId, alice, bob, role);

        var call = Perform(Chat(chatId), action, actor);
        if (allowed)
        {
            await call();
            return;
        }
        // The rule id from the action's own name ("A3_RemoteAccess" → "A3"), not from the table under test.
        await RefusedAndUnchanged(chatId, alice, action.ToString().Split('_')[0], RefusalKind.Forbidden, call);
    }

    [Theory]
    [InlineData(ChatRole.Assignee)]
    [InlineData(ChatRole.Participant)]
    [InlineData(ChatRole.Monitor)]
    public async Task A1_to_A11_the_snapshot_tells_each_agent_exactly_what_its_role_may_do(ChatRole role)
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        if (role != ChatRole.Assignee) await Join(chatId, alice, bob, role);

        var snapshot = await Chat(chatId).GetSnapshot(role == ChatRole.Assignee ? alice : bob);

        Assert.Equal(Enum.GetValues<ChatAction>().Where(action => TableAllows(role, action)), snapshot.Allowed);
        Assert.Equal(ChatLimits.MaxTextLength, snapshot.MaxTextLength);
    }

    [Fact]
    public async Task A7_a_participants_snapshot_offers_writing_to_the_end_user_and_a_monitors_does_not()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var carol = await Directory.Agent(queue);
        await Join(chatId, alice, bob, ChatRole.Participant);
        await Join(chatId, alice, carol, ChatRole.Monitor);

        Assert.Contains(ChatAction.A7_ChatWithEndUser, (await Chat(chatId).GetSnapshot(bob)).Allowed!);
        var monitors = (await Chat(chatId).GetSnapshot(carol)).Allowed!;
        Assert.DoesNotContain(ChatAction.A7_ChatWithEndUser, monitors);
        Assert.Equal([ChatAction.A10_Leave, ChatAction.A11_SeeTranscript], monitors);
    }

    private async Task Join(string chatId, string assignee, string agentId, ChatRole role)
    {
        var mode = role == ChatRole.Participant ? JoinMode.Participant : JoinMode.Monitor;
        var invite = await Chat(chatId).Invite(assignee, agentId, mode);
        await Chat(chatId).RespondToInvite(agentId, invite.InviteId, mode == JoinMode.Participant ? InviteAnswer.Participate : InviteAnswer.Monitor);
    }

    private static Func<Task> Perform(IChatSessionGrain chat, ChatAction action, string agentId) => action switch
    {
        ChatAction.A1_EndAbandonReleaseTransfer => () => chat.End(agentId),
        ChatAction.A2_SideNote => () => chat.AddSideNote(agentId, "internal note"),
        ChatAction.A3_RemoteAccess => () => chat.RequestRemoteAccess(agentId),
        ChatAction.A4_CreateTicket => () => chat.CreateTicket(agentId, "Printer on fire"),
        ChatAction.A5_PinArticle => () => chat.PinArticle(agentId, "kb-1"),
        ChatAction.A6_ShareArticle => () => chat.ShareArticle(agentId, "kb-2"),
        ChatAction.A7_ChatWithEndUser => () => chat.PostAgentMessage(agentId, "How can I help?"),
        ChatAction.A8_CannedText => () => chat.SendCannedText(agentId, "greeting"),
        ChatAction.A9_Attachments => () => chat.AddAgentAttachment(agentId, new AttachmentInfo(Guid.NewGuid().ToString("N"), "log.txt", "text/plain", 42)),
        ChatAction.A10_Leave => () => chat.Leave(agentId),
        ChatAction.A11_SeeTranscript => () => chat.ReadTranscript(agentId, 0, 100),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    [Fact]
    public async Task A1_abandon_release_and_transfer_are_the_assignees_alone()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        var otherQueue = await Directory.Queue();
        await RefusedAndUnchanged(chatId, alice, "A1", RefusalKind.Forbidden, () => Chat(chatId).Abandon(bob));
        await RefusedAndUnchanged(chatId, alice, "A1", RefusalKind.Forbidden, () => Chat(chatId).Release(bob));
        await RefusedAndUnchanged(chatId, alice, "A1", RefusalKind.Forbidden, () => Chat(chatId).TransferToAgent(bob, bob));
        await RefusedAndUnchanged(chatId, alice, "A1", RefusalKind.Forbidden, () => Chat(chatId).TransferToQueue(bob, otherQueue));

        await Chat(chatId).TransferToQueue(alice, otherQueue);
        var snapshot = await Client.Chat(chatId).GetEndUserView(TestDirectory.EndUserOf(chatId));
        Assert.Equal((ChatStatus.Waiting, otherQueue), (snapshot.Status, snapshot.QueueId));
        await FiguresWhen(otherQueue, f => f.WaitingChats == 1);
        Assert.Contains(chatId, (await Queue(otherQueue).GetWaitingChats()).Select(w => w.ChatId));
        await FiguresWhen(queue, f => !f.ActiveChatIds.Contains(chatId));
        Assert.DoesNotContain((await Agent(bob).GetSnapshot()).JoinedChats, c => c.ChatId == chatId);
    }

    [Fact]
    public async Task A9_the_end_user_sends_attachments_and_A7_messages_but_not_as_someone_else()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        var entry = await Chat(chatId).AddEndUserAttachment(endUser, new AttachmentInfo("att-1", "screenshot.png", "image/png", 2048));
        Assert.Equal(EntryKind.Attachment, entry.Kind);
        Assert.Single((await Chat(chatId).GetSnapshot(alice)).Attachments);
        await RefusedAndUnchanged(chatId, alice, "A9", RefusalKind.Conflict,
            () => Chat(chatId).AddEndUserAttachment(endUser, new AttachmentInfo("att-1", "again.png", "image/png", 1)));
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Forbidden, () => Chat(chatId).PostEndUserMessage("someone-else", "hi"));
    }
}
