namespace LiveChat.Grains.Tests;

/// <summary>
/// Leaving a message (docs/rules.md O1-O4): a message left for a queue, open or closed, becomes an
/// offline chat waiting in the queue's list; its agents take it by hand and answer; it never ends
/// because its end user is away; the end user reads the answer whenever it comes back.
/// </summary>
public sealed class OfflineMessageTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static LeaveMessageRequest Message(string queue, string chatId, string contact = "pat@example.com",
        string text = "My invoice shows the wrong address.", string name = "Pat Customer", string? key = null) =>
        new(queue, new EndUserInfo(TestDirectory.EndUserOf(chatId), name), contact, text, key);

    private async Task<string> ClosedQueue(bool automaticAssignment = false)
    {
        var queue = await Directory.Queue(automaticAssignment);
        var info = (await Queue(queue).GetInfo())!;
        // A queue that takes messages only: business hours without an opening.
        await Queue(queue).Configure(info.Definition with { BusinessHours = new BusinessHours("Europe/Berlin", [], []) });
        return queue;
    }

    private async Task<IReadOnlyList<WaitingChat>> WaitingWhen(string queue, Func<IReadOnlyList<WaitingChat>, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var waiting = await Queue(queue).GetWaitingChats();
            if (match(waiting)) return waiting;
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    [Fact]
    public async Task O2_a_message_left_while_closed_waits_in_the_queue_as_an_offline_chat_with_its_contact_for_agents_only()
    {
        var queue = await ClosedQueue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var chatId = TestDirectory.NewId("chat");
        var endUser = TestDirectory.EndUserOf(chatId);

        var left = await Chat(chatId).LeaveMessage(Message(queue, chatId, contact: "  pat@example.com "));
        Assert.Equal((ChatStatus.Waiting, true, "pat@example.com"), (left.Status, left.Offline, left.Contact));
        var waiting = await WaitingWhen(queue, w => w.Any(c => c.ChatId == chatId));
        var listed = Assert.Single(waiting, c => c.ChatId == chatId);
        Assert.True(listed.Offline);
        Assert.Equal(("Pat Customer", "My invoice shows the wrong address."), (listed.EndUserName, listed.Preview));

        var view = await Chat(chatId).GetEndUserView(endUser);
        Assert.True(view.Offline);
        var own = await Chat(chatId).ReadEndUserTranscript(endUser, 0, 100);
        Assert.Contains(own.Entries, e => e.Kind == EntryKind.Message && e.Text == "My invoice shows the wrong address.");
        Assert.DoesNotContain(own.Entries, e => e.Text.Contains("pat@example.com"));

        // Its agents see who to answer and how, once they take it.
        await Chat(chatId).Accept(alice);
        var agents = await Chat(chatId).ReadTranscript(alice, 0, 100);
        var contactLine = Assert.Single(agents.Entries, e => e.Text.Contains("pat@example.com"));
        Assert.Equal(Visibility.Agents, contactLine.Visibility);
        Assert.Equal("pat@example.com", (await Chat(chatId).GetSnapshot(alice)).Contact);
    }

    [Fact]
    public async Task O4_the_agents_answer_is_what_the_end_user_reads_when_it_comes_back()
    {
        var queue = await ClosedQueue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var chatId = TestDirectory.NewId("chat");
        var endUser = TestDirectory.EndUserOf(chatId);
        await Chat(chatId).LeaveMessage(Message(queue, chatId));
        await WaitingWhen(queue, w => w.Any(c => c.ChatId == chatId));

        await Chat(chatId).Accept(alice);
        await Chat(chatId).PostAgentMessage(alice, "We fixed the address; a new invoice is on its way.");
        await Chat(chatId).End(alice);

        var view = await Chat(chatId).GetEndUserView(endUser);
        Assert.Equal((ChatStatus.Ended, true), (view.Status, view.Offline));
        var reply = Assert.Single((await Chat(chatId).ReadEndUserTranscript(endUser, 0, 100)).Entries,
            e => e.Text == "We fixed the address; a new invoice is on its way.");
        Assert.Equal(ActorKind.Agent, reply.Actor.Kind);
        Assert.Equal("Alice Archer", reply.Actor.Name);
        Assert.NotEqual(alice, reply.Actor.Id);
    }

    [Fact]
    public async Task O3_a_message_is_never_ended_as_gone_however_long_its_end_user_is_away()
    {
        // Open, so a live chat can wait beside the message.
        var queue = await Directory.Queue();
        var chatId = TestDirectory.NewId("chat");
        await Chat(chatId).LeaveMessage(Message(queue, chatId));
        var live = await Directory.WaitingChat(queue);

        Cluster.Clock.Advance(TimeSpan.FromHours(12));

        Assert.False(await Chat(chatId).CheckEndUserGone());
        Assert.True(await Chat(live).CheckEndUserGone());
        Assert.Equal(ChatStatus.Waiting, (await Chat(chatId).GetEndUserView(TestDirectory.EndUserOf(chatId))).Status);
        await WaitingWhen(queue, w => w.Any(c => c.ChatId == chatId) && w.All(c => c.ChatId != live));
    }

    [Fact]
    public async Task O3_automatic_assignment_hands_out_live_chats_and_leaves_messages_to_the_agents()
    {
        // Open queue, automatic assignment, nobody online: a message and then a live chat wait.
        var queue = await Directory.Queue(automaticAssignment: true);
        var messageId = TestDirectory.NewId("chat");
        await Chat(messageId).LeaveMessage(Message(queue, messageId));
        var live = await Directory.WaitingChat(queue);
        await WaitingWhen(queue, w => w.Count == 2);

        // An agent comes online: the live chat, though it arrived later, is the one assigned.
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var waiting = await WaitingWhen(queue, w => w.Count == 1);
        Assert.Equal(messageId, waiting[0].ChatId);
        Assert.Equal(alice, (await Chat(live).GetSnapshot(alice)).AssigneeId);
        Assert.Equal(ChatStatus.Waiting, (await Chat(messageId).GetEndUserView(TestDirectory.EndUserOf(messageId))).Status);

        // The agent takes the message by hand.
        Assert.Equal(ChatStatus.Active, (await Chat(messageId).Accept(alice)).Status);
    }

    [Fact]
    public async Task O1_a_message_needs_a_name_a_contact_and_a_text_within_their_limits_and_a_known_queue()
    {
        var queue = await ClosedQueue();
        async Task RefusedAndNothingLeft(string rule, RefusalKind kind, Func<string, LeaveMessageRequest> request)
        {
            var chatId = TestDirectory.NewId("chat");
            await Refused(rule, kind, () => Chat(chatId).LeaveMessage(request(chatId)));
            await Refused("A11", RefusalKind.NotFound, () => Chat(chatId).GetEndUserView(TestDirectory.EndUserOf(chatId)));
        }
        await RefusedAndNothingLeft("O1", RefusalKind.Invalid, id => Message(queue, id, contact: ""));
        await RefusedAndNothingLeft("O1", RefusalKind.Invalid, id => Message(queue, id, contact: " a\u202E "));
        await RefusedAndNothingLeft("O1", RefusalKind.Invalid, id => Message(queue, id, contact: new string('c', OfflineMessageLimits.MaxContactLength + 1)));
        await RefusedAndNothingLeft("O1", RefusalKind.Invalid, id => Message(queue, id, text: "   "));
        await RefusedAndNothingLeft("O1", RefusalKind.Invalid, id => Message(queue, id, text: new string('t', ChatLimits.MaxTextLength + 1)));
        await RefusedAndNothingLeft("O1", RefusalKind.Invalid, id => Message(queue, id) with { Contact = null! });
        await RefusedAndNothingLeft("Names", RefusalKind.Invalid, id => Message(queue, id, name: "Support team"));
        await RefusedAndNothingLeft("O1", RefusalKind.NotFound, id => Message(TestDirectory.NewId("no-queue"), id));
        Assert.Empty(await Queue(queue).GetWaitingChats());

        // At the limits it is taken.
        var longest = TestDirectory.NewId("chat");
        var left = await Chat(longest).LeaveMessage(Message(queue, longest,
            contact: new string('c', OfflineMessageLimits.MaxContactLength), text: new string('t', ChatLimits.MaxTextLength)));
        Assert.Equal(OfflineMessageLimits.MaxContactLength, left.Contact!.Length);
    }

    [Fact]
    public async Task O1_a_retry_with_the_same_key_returns_the_message_already_left_and_another_request_with_it_is_refused()
    {
        var queue = await ClosedQueue();
        var chatId = TestDirectory.NewId("chat");
        var key = Guid.NewGuid().ToString("N");
        var first = await Chat(chatId).LeaveMessage(Message(queue, chatId, key: key));
        var again = await Chat(chatId).LeaveMessage(Message(queue, chatId, key: key));
        Assert.Equal((first.ChatId, first.LastSeq, first.CreatedAt), (again.ChatId, again.LastSeq, again.CreatedAt));
        await Refused("Idempotency", RefusalKind.Conflict, () => Chat(chatId).LeaveMessage(Message(queue, chatId, text: "Something else", key: key)));
        Assert.Single(await WaitingWhen(queue, w => w.Count == 1));
    }
}
