namespace LiveChat.Grains.Tests;

/// <summary>The support queue: waiting order, live figures, automatic assignment.</summary>
public sealed class QueueTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task R12_a_queue_stored_with_its_cards_inside_its_state_still_knows_its_agents()
    {
        // The layout of the first builds: cards inside the queue's own state, no card state.
        var queueId = $"legacy-{Guid.NewGuid():N}";
        var card = new AgentCard("legacy-ann", new AgentProfile("Ann", "Legacy", "ann@example.com"), AgentRole.Agent,
            CanChat: true, Presence.Online, Load: 0, Capacity: 3, IdleSince: DateTimeOffset.UnixEpoch, IsMember: true, IsSupervisor: false, Version: 1);
        await Cluster.RewriteStoredState<LiveChat.Grains.Queue.QueueState>("queue", Queue(queueId).GetGrainId(), s =>
        {
            s.Definition = new QueueDefinition("Legacy", AutomaticAssignment: false, SystemNotifications: false, [], []);
            s.Agents[card.AgentId] = card;
        });

        Assert.Equal(["legacy-ann"], (await Queue(queueId).GetInfo())!.Members);
        Assert.Equal("legacy-ann", Assert.Single(await Queue(queueId).SearchAgents("legacy", [], 20)).AgentId);
    }

    [Fact]
    public async Task QueueAccess_only_the_queues_agents_and_supervisors_read_its_waiting_chats_and_settings()
    {
        var queue = await Directory.Queue();
        var other = await Directory.Queue();
        var member = await Directory.Agent(queue);
        var supervisor = await Directory.Supervisor(queue);
        var outsider = await Directory.Agent(other);
        var otherSupervisor = await Directory.Supervisor(other);
        var chatId = await Directory.WaitingChat(queue);

        foreach (var reader in new[] { member, supervisor })
        {
            Assert.Contains(await Queue(queue).ReadWaitingChats(reader), w => w.ChatId == chatId);
            Assert.Equal(queue, (await Queue(queue).ReadInfo(reader)).QueueId);
        }
        foreach (var stranger in new[] { outsider, otherSupervisor, "no-such-agent" })
        {
            await Refused("QueueAccess", RefusalKind.Forbidden, () => Queue(queue).ReadWaitingChats(stranger));
            await Refused("QueueAccess", RefusalKind.Forbidden, () => Queue(queue).ReadInfo(stranger));
        }
    }

    [Fact]
    public async Task Waiting_chats_are_listed_in_arrival_order_with_their_wait()
    {
        var queue = await Directory.Queue();
        var first = await Directory.WaitingChat(queue);
        Cluster.Clock.Advance(TimeSpan.FromSeconds(40));
        var second = await Directory.WaitingChat(queue);
        await FiguresWhen(queue, f => f.WaitingChats == 2);
        Cluster.Clock.Advance(TimeSpan.FromSeconds(20));

        var waiting = await Queue(queue).GetWaitingChats();
        Assert.Equal([first, second], waiting.Select(w => w.ChatId));
        Assert.Equal([TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20)], waiting.Select(w => w.Wait));
        var figures = await Queue(queue).GetFigures();
        Assert.Equal((2, TimeSpan.FromSeconds(60), 0), (figures.WaitingChats, figures.LongestWait, figures.ActiveChats));
    }

    [Fact]
    public async Task Figures_follow_accept_release_and_end_and_are_pushed_to_the_dashboard()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue, "Alice", "Archer", capacity: 4);
        var dashboard = await Client.RecordQueue(queue);
        var chatId = await Directory.WaitingChat(queue);
        await dashboard.WaitFor<QueueFigures>(f => f.WaitingChats == 1);

        await Chat(chatId).Accept(alice);
        var active = await dashboard.WaitFor<QueueFigures>(f => f.WaitingChats == 0 && f.ActiveChats == 1
            && f.AgentsOnline.Any(a => a.AgentId == alice && a.Load == 1));
        Assert.Equal([chatId], active.ActiveChatIds);
        Assert.Equal(4, active.AgentsOnline.Single(a => a.AgentId == alice).Capacity);

        await Chat(chatId).Release(alice);
        await dashboard.WaitFor<QueueFigures>(f => f.WaitingChats == 1 && f.ActiveChats == 0
            && f.AgentsOnline.Any(a => a.AgentId == alice && a.Load == 0));

        await Chat(chatId).Accept(alice);
        await Chat(chatId).End(alice);
        await dashboard.WaitFor<QueueFigures>(f => f.WaitingChats == 0 && f.ActiveChats == 0
            && f.AgentsOnline.Any(a => a.AgentId == alice && a.Load == 0));
        Assert.Equal(EndReason.EndedByAgent, (await Chat(chatId).GetSnapshot(alice)).EndReason);
    }

    [Fact]
    public async Task S3_automatic_assignment_picks_the_least_loaded_then_the_longest_idle_and_respects_capacity()
    {
        var queue = await Directory.Queue(automaticAssignment: true);
        var early = await Directory.Agent(queue, "Early", "Bird", capacity: 1);
        Cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        var late = await Directory.Agent(queue, "Late", "Comer", capacity: 1);
        var earlyEvents = await Client.RecordAgent(early);
        var lateEvents = await Client.RecordAgent(late);

        var first = await Directory.WaitingChat(queue);
        await earlyEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatAssigned && e.ChatId == first);
        var second = await Directory.WaitingChat(queue);
        await lateEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatAssigned && e.ChatId == second);

        // Both are full: the third chat waits until someone has room.
        var third = await Directory.WaitingChat(queue);
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        Assert.Equal([third], (await Queue(queue).GetWaitingChats()).Select(w => w.ChatId));
        await Chat(first).End(early);
        await earlyEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatAssigned && e.ChatId == third);
        Assert.Equal(early, (await Chat(third).GetSnapshot(early)).AssigneeId);
    }

    [Fact]
    public async Task S3_automatic_assignment_waits_for_an_online_agent()
    {
        var queue = await Directory.Queue(automaticAssignment: true);
        var dave = await Directory.Agent(queue, presence: Presence.Offline);
        var chatId = await Directory.WaitingChat(queue);
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        var events = await Client.RecordAgent(dave);

        await Agent(dave).SetPresence(Presence.Online);

        await events.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatAssigned && e.ChatId == chatId);
        Assert.Equal(ChatStatus.Active, (await Chat(chatId).GetSnapshot(dave)).Status);
    }

    [Fact]
    public async Task Lifecycle_the_end_user_ends_the_chat_and_nothing_more_can_be_said()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        await FiguresWhen(queue, f => f.ActiveChatIds.Contains(chatId));
        await Chat(chatId).EndByEndUser(endUser);
        var view = await Chat(chatId).GetEndUserView(endUser);
        Assert.Equal(ChatStatus.Ended, view.Status);
        await Refused("A7", RefusalKind.Conflict, () => Chat(chatId).PostEndUserMessage(endUser, "hello?"));
        await Refused("A7", RefusalKind.Conflict, () => Chat(chatId).PostAgentMessage(alice, "hello?"));
        await Refused("Lifecycle", RefusalKind.Conflict, () => Chat(chatId).EndByEndUser(endUser));
        await FiguresWhen(queue, f => !f.ActiveChatIds.Contains(chatId));
        Assert.Equal(EndReason.EndedByEndUser, (await Chat(chatId).GetSnapshot(alice)).EndReason);
    }

    [Fact]
    public async Task A1_abandon_ends_the_chat_as_abandoned()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        await Chat(chatId).Abandon(alice);
        Assert.Equal((ChatStatus.Ended, EndReason.Abandoned), ((await Chat(chatId).GetSnapshot(alice)).Status, (await Chat(chatId).GetSnapshot(alice)).EndReason));
    }
}
