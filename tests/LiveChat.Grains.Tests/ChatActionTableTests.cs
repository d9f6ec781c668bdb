namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;

/// <summary>The action table (A1-A11, docs/rules.md), role by role, through real grain calls: allowed actions succeed, the rest are refused and change nothing.</summary>
public sealed class ChatActionTableTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    public static TheoryData<ChatAction, ChatRole, bool> Table()
    {
        var data = new TheoryData<ChatAction, ChatRole, bool>();
        foreach (var action in Enum.GetValues<ChatAction>())
        {
            data.Add(action, ChatRole.Assignee, action != ChatAction.A10_Leave);
            data.Add(action, ChatRole.Participant, action is ChatAction.A6_ShareArticle or ChatAction.A7_ChatWithEndUser
                or ChatAction.A8_CannedText or ChatAction.A9_Attachments or ChatAction.A10_Leave or ChatAction.A11_SeeTranscript);
            data.Add(action, ChatRole.Monitor, action is ChatAction.A10_Leave or ChatAction.A11_SeeTranscript);
            data.Add(action, ChatRole.None, false);
        }
        return data;
    }

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
        if (role is ChatRole.Participant or ChatRole.Monitor)
        {
            var mode = role == ChatRole.Participant ? JoinMode.Participant : JoinMode.Monitor;
            var invite = await Chat(chatId).Invite(alice, bob, mode);
            await Chat(chatId).RespondToInvite(bob, invite.InviteId, mode == JoinMode.Participant ? InviteAnswer.Participate : InviteAnswer.Monitor);
        }

        var call = Perform(Chat(chatId), action, actor);
        if (allowed)
        {
            await call();
            return;
        }
        // The rule id from the action's own name ("A3_RemoteAccess" → "A3"), not from the table under test.
        await RefusedAndUnchanged(chatId, alice, action.ToString().Split('_')[0], RefusalKind.Forbidden, call);
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
