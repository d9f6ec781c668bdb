namespace LiveChat.Grains.Tests;

/// <summary>
/// Live queues (Q1-Q3): the waiting list pushed change by change, numbered and bounded, read only
/// by the queue's agents and supervisors; the dashboard's active chats named by their cards.
/// </summary>
public sealed class LiveQueueTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private async Task<string> StartChat(string queueId, string customer, string firstMessage)
    {
        var chatId = TestDirectory.NewId("chat");
        await Chat(chatId).Start(new StartChatRequest(queueId, new EndUserInfo(TestDirectory.EndUserOf(chatId), customer), firstMessage));
        return chatId;
    }

    [Fact]
    public async Task Q1_QueueAccess_only_the_queues_agents_and_supervisors_read_the_live_waiting_view()
    {
        var queue = await Directory.Queue();
        var other = await Directory.Queue();
        var member = await Directory.Agent(queue);
        var supervisor = await Directory.Supervisor(queue);
        var outsider = await Directory.Agent(other);
        var chatId = await StartChat(queue, "Wendy Waiting", "Where is my parcel?");
        await FiguresWhen(queue, f => f.WaitingChats == 1);

        foreach (var reader in new[] { member, supervisor })
        {
            var view = await Queue(queue).ReadWaitingView(reader);
            var waiting = Assert.Single(view.Head);
            Assert.Equal((chatId, "Wendy Waiting", "Where is my parcel?", 1), (waiting.ChatId, waiting.EndUserName, waiting.Preview, view.Total));
        }
        foreach (var stranger in new[] { outsider, "no-such-agent" })
            await Refused("QueueAccess", RefusalKind.Forbidden, () => Queue(queue).ReadWaitingView(stranger));
    }

    [Fact]
    public async Task Q2_each_change_is_pushed_numbered_with_the_total_and_the_first_chats_only_when_they_changed()
    {
        var queue = await Directory.Queue();
        var agent = await Directory.Agent(queue, capacity: 50);
        var view = await Queue(queue).ReadWaitingView(agent);
        var pushes = await Client.RecordWaiting(queue);

        // Two more chats than a console receives: the last arrives (and stays, after one is taken) behind the first HeadSize.
        var chats = new List<string>();
        for (var n = 1; n <= QueueWaitingView.HeadSize + 2; n++)
        {
            chats.Add(await StartChat(queue, $"Customer {n}", $"Question {n}"));
            Cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var behind = chats[^1];
        var arrivedBehind = await pushes.WaitFor<QueueWaitingEvent>(e => e.ChatId == behind);
        Assert.Equal((WaitingChange.Arrived, QueueWaitingView.HeadSize + 2), (arrivedBehind.Change, arrivedBehind.Total));
        Assert.Null(arrivedBehind.Head);
        var arrivedFirst = await pushes.WaitFor<QueueWaitingEvent>(e => e.ChatId == chats[0]);
        Assert.Equal([chats[0]], arrivedFirst.Head!.Select(w => w.ChatId));
        Assert.Equal("Customer 1", arrivedFirst.Head![0].EndUserName);

        // Taken by an agent: gone from the first chats at once, the one behind moves up.
        await Chat(chats[0]).Accept(agent);
        var taken = await pushes.WaitFor<QueueWaitingEvent>(e => e.ChatId == chats[0] && e.Change == WaitingChange.Left);
        Assert.Equal(QueueWaitingView.HeadSize + 1, taken.Total);
        Assert.Equal(chats.Skip(1).Take(QueueWaitingView.HeadSize), taken.Head!.Select(w => w.ChatId));

        // A change behind the first chats carries no list: the push stays small however long the queue.
        await Chat(behind).EndByEndUser(TestDirectory.EndUserOf(behind));
        var left = await pushes.WaitFor<QueueWaitingEvent>(e => e.ChatId == behind && e.Change == WaitingChange.Left);
        Assert.Null(left.Head);
        Assert.Equal(QueueWaitingView.HeadSize, left.Total);

        // Numbered without gaps from the view read before, in one epoch: a console can tell it missed none.
        var all = pushes.WaitingEvents.OrderBy(e => e.Seq).ToList();
        Assert.All(all, e => Assert.Equal(view.Epoch, e.Epoch));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => view.Seq + i), all.Select(e => e.Seq));
        Assert.Equal(QueueWaitingView.HeadSize + 4, all.Count);
        Assert.All(all, e => Assert.True(e.Head is null || e.Head.Count <= QueueWaitingView.HeadSize));
        var now = await Queue(queue).ReadWaitingView(agent);
        Assert.Equal((all[^1].Seq, QueueWaitingView.HeadSize), (now.Seq, now.Total));
    }

    [Fact]
    public async Task Q2_a_new_activation_numbers_in_a_new_epoch_so_consoles_read_again()
    {
        var queue = await Directory.Queue();
        var agent = await Directory.Agent(queue);
        await StartChat(queue, "Erin Epoch", "Hello");
        var before = await Queue(queue).ReadWaitingView(agent);

        await Client.Deactivate(Queue(queue));
        var after = await Queue(queue).ReadWaitingView(agent);

        Assert.NotEqual(before.Epoch, after.Epoch);
        Assert.Equal(1, after.Total);
        Assert.Equal("Erin Epoch", Assert.Single(after.Head).EndUserName);
    }

    [Fact]
    public async Task Q3_figures_name_active_chats_with_members_modes_pending_invite_and_offer_and_agents_over_capacity()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue, "Alice", "Archer", capacity: 1);
        var bob = await Directory.Agent(queue, "Bob", "Baker");
        var carol = await Directory.Agent(queue, "Carol", "Clark");
        var first = await StartChat(queue, "Robin Customer", "My card was charged twice");
        var second = await StartChat(queue, "Sasha Second", "Refund please");
        await Chat(first).Accept(alice);
        // Accepting is not capped by capacity (assignment is): Alice now holds two chats with capacity 1.
        await Chat(second).Accept(alice);

        var monitorInvite = await Chat(first).Invite(alice, bob, JoinMode.Monitor);
        await Chat(first).RespondToInvite(bob, monitorInvite.InviteId, InviteAnswer.Monitor);
        var pendingInvite = await Chat(first).Invite(alice, carol, JoinMode.Participant);
        var offer = await Chat(second).OfferTransfer(alice, bob, senderStays: false);

        var figures = await FiguresWhen(queue, f => f.ActiveChatCards is { Count: 2 } cards
            && cards.Single(c => c.ChatId == first).Pending.Count == 1 && cards.Single(c => c.ChatId == second).Pending.Count == 1
            && f.AgentsOverCapacity is { Count: 1 });
        var named = figures.ActiveChatCards!.Single(c => c.ChatId == first);
        Assert.Equal(("Robin Customer", alice, "Alice Archer"), (named.CustomerName, named.AssigneeId, named.AssigneeName));
        Assert.Equal([new ActiveChatMember(bob, "Bob Baker", JoinMode.Monitor)], named.Members);
        Assert.Equal(new PendingInviteCard(pendingInvite.InviteId, InviteKind.Invite, carol, "Carol Clark", JoinMode.Participant, pendingInvite.ExpiresAt), named.Pending.Single());
        Assert.NotNull(named.Waited);
        Assert.Null(named.SlaState);
        var offered = figures.ActiveChatCards!.Single(c => c.ChatId == second);
        Assert.Equal((offer.InviteId, InviteKind.TransferOffer, bob), (offered.Pending.Single().InviteId, offered.Pending.Single().Kind, offered.Pending.Single().InviteeId));
        var over = Assert.Single(figures.AgentsOverCapacity!);
        Assert.Equal((alice, "Alice Archer", 2, 1, true), (over.AgentId, over.FullName, over.Load, over.Capacity, over.OverCapacity));
        Assert.True(figures.AgentsOnline.Single(a => a.AgentId == alice).OverCapacity);
        Assert.False(figures.AgentsOnline.Single(a => a.AgentId == bob).OverCapacity);

        // The card is stored with the chat in the queue's active list: a new activation shows it too.
        await Client.Deactivate(Queue(queue));
        var again = (await Queue(queue).GetFigures()).ActiveChatCards!.Single(c => c.ChatId == first);
        Assert.Equal(("Robin Customer", "Alice Archer", 1, 1), (again.CustomerName, again.AssigneeName, again.Members.Count, again.Pending.Count));

        // Answered and declined: nothing pending any more.
        await Chat(first).RespondToInvite(carol, pendingInvite.InviteId, InviteAnswer.Participate);
        await Chat(second).DeclineOffer(bob, offer.InviteId);
        var settled = await FiguresWhen(queue, f => f.ActiveChatCards!.All(c => c.Pending.Count == 0));
        Assert.Equal([(carol, JoinMode.Participant), (bob, JoinMode.Monitor)],
            settled.ActiveChatCards!.Single(c => c.ChatId == first).Members.OrderBy(m => m.Mode).Select(m => (m.AgentId, m.Mode)));
    }

    [Fact]
    public async Task Q3_figures_name_at_most_MaxActiveChatCards_chats_and_count_them_all()
    {
        var queue = await Directory.Queue();
        var agent = await Directory.Agent(queue, capacity: 50);
        var chats = new List<string>();
        for (var n = 0; n < QueueFigures.MaxActiveChatCards + 2; n++)
        {
            var chatId = await StartChat(queue, $"Busy {n}", "Hi");
            await Chat(chatId).Accept(agent);
            chats.Add(chatId);
            Cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var figures = await FiguresWhen(queue, f => f.ActiveChats == chats.Count);
        Assert.Equal(QueueFigures.MaxActiveChatCards, figures.ActiveChatCards!.Count);
        Assert.Equal(chats.Take(QueueFigures.MaxActiveChatCards), figures.ActiveChatCards.Select(c => c.ChatId));
    }
}
