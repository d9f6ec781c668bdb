namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;

/// <summary>
/// Response-time SLAs per queue (docs/rules.md SLA1-SLA9): the queue's limits, the chat's one clock
/// (first response, then reply), the dashboard's flag, the supervisors' alert, the queue's action, and
/// the clock across deactivation and a restart. Time is the fake product clock; the chat's timer and
/// reminder tick on the real one (200 ms, 1 s in the kit).
/// </summary>
[Collection(LiveChatCollection.Name)]
public sealed class SlaTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private async Task<string> SlaQueue(int? firstResponse = null, int? reply = null, SlaBreachAction action = SlaBreachAction.None)
    {
        var queue = await Directory.Queue();
        var info = (await Queue(queue).GetInfo())!;
        await Queue(queue).Configure(info.Definition with { FirstResponseLimitSeconds = firstResponse, ReplyLimitSeconds = reply, SlaBreachAction = action });
        return queue;
    }

    /// <summary>A supervisor of the queue, once the queue lists it (agents tell their queues one-way).</summary>
    private async Task<string> SupervisorOf(string queue)
    {
        var supervisor = await Directory.Supervisor(queue);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(await Queue(queue).GetInfo())!.Supervisors.Contains(supervisor)) await Task.Delay(20, timeout.Token);
        return supervisor;
    }

    private static Func<QueueFigures, bool> Flagged(string chatId, SlaStatus status) =>
        f => f.Sla?.Any(s => s.ChatId == chatId && s.Status == status) == true;

    private static ChatSla FlagOf(QueueFigures figures, string chatId) => figures.Sla!.Single(s => s.ChatId == chatId);

    private async Task<ChatState> Stored(string chatId) => await Cluster.ReadStoredState<ChatState>("chat", Chat(chatId).GetGrainId());

    private static List<TranscriptEntry> BreachLines(IEnumerable<TranscriptEntry> entries) =>
        entries.Where(e => e.RefId?.StartsWith("sla:", StringComparison.Ordinal) == true).ToList();

    [Fact]
    public async Task SLA1_limits_outside_10_to_86400_seconds_or_an_action_without_a_limit_are_refused_and_change_nothing()
    {
        var queue = await Directory.Queue();
        var definition = (await Queue(queue).GetInfo())!.Definition;

        await Refused("SLA1", RefusalKind.Invalid, () => Queue(queue).Configure(definition with { FirstResponseLimitSeconds = 9 }));
        await Refused("SLA1", RefusalKind.Invalid, () => Queue(queue).Configure(definition with { FirstResponseLimitSeconds = -5 }));
        await Refused("SLA1", RefusalKind.Invalid, () => Queue(queue).Configure(definition with { ReplyLimitSeconds = 86_401 }));
        await Refused("SLA1", RefusalKind.Invalid, () => Queue(queue).Configure(definition with { SlaBreachAction = (SlaBreachAction)7, ReplyLimitSeconds = 60 }));
        await Refused("SLA1", RefusalKind.Invalid, () => Queue(queue).Configure(definition with { SlaBreachAction = SlaBreachAction.ReturnToQueue }));
        var unchanged = (await Queue(queue).GetInfo())!.Definition;
        Assert.Null(unchanged.FirstResponseLimitSeconds);
        Assert.Null(unchanged.ReplyLimitSeconds);
        Assert.Equal(SlaBreachAction.None, unchanged.SlaBreachAction);

        // The bounds themselves are allowed.
        var set = await Queue(queue).Configure(definition with { FirstResponseLimitSeconds = 10, ReplyLimitSeconds = 86_400, SlaBreachAction = SlaBreachAction.OfferToAnotherAgent });
        Assert.Equal((10, 86_400, SlaBreachAction.OfferToAnotherAgent), (set.Definition.FirstResponseLimitSeconds!.Value, set.Definition.ReplyLimitSeconds!.Value, set.Definition.SlaBreachAction));
    }

    [Fact]
    public async Task SLA2_SLA5_SLA9_a_waiting_chat_past_its_first_response_limit_is_flagged_and_alerted_once_and_a_restarted_queue_flags_it_again()
    {
        var queue = await SlaQueue(firstResponse: 60);
        var supervisor = await SupervisorOf(queue);
        var alerts = await Client.RecordAgent(supervisor);
        var startedAt = Cluster.Clock.Now;
        var chatId = await Directory.WaitingChat(queue);

        // SLA4: due soon after 80 % of the limit.
        Cluster.Clock.Advance(TimeSpan.FromSeconds(49));
        var dueSoon = FlagOf(await FiguresWhen(queue, Flagged(chatId, SlaStatus.DueSoon)), chatId);
        Assert.Equal((SlaClockKind.FirstResponse, startedAt, startedAt.AddSeconds(60), (DateTimeOffset?)null),
            (dueSoon.Clock, dueSoon.Since!.Value, dueSoon.DueAt!.Value, dueSoon.BreachedAt));

        // SLA5: past the limit, the queue's supervisors are alerted with the seq of the line that recorded it.
        Cluster.Clock.Advance(TimeSpan.FromSeconds(12));
        var alert = await alerts.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.SlaBreached && e.ChatId == chatId);
        Assert.Equal((SlaStatus.Breached, SlaClockKind.FirstResponse, startedAt.AddSeconds(60)), (alert.Sla!.Status, alert.Sla.Clock, alert.Sla.BreachedAt!.Value));
        var flag = FlagOf(await FiguresWhen(queue, Flagged(chatId, SlaStatus.Breached)), chatId);
        Assert.Equal(startedAt.AddSeconds(60), flag.BreachedAt);

        // SLA9: a restarted queue lost its flags; the chat's reminder tells it again. That tick also
        // judged the clock again, long past its limit: still one breach, one line, one alert.
        Cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        await Client.Deactivate(Queue(queue));
        await FiguresWhen(queue, Flagged(chatId, SlaStatus.Breached));
        var line = Assert.Single(BreachLines((await Stored(chatId)).Tail));
        Assert.Equal((alert.Seq!.Value, Visibility.Agents, ChatSessionGrain.SlaEntryRef(SlaClockKind.FirstResponse)), (line.Seq, line.Visibility, line.RefId));
        Assert.Single(alerts.AgentEvents, e => e.Kind == AgentEventKind.SlaBreached && e.ChatId == chatId);
    }

    [Fact]
    public async Task SLA3_SLA4_the_reply_clock_runs_from_the_oldest_unanswered_message_and_an_answer_clears_the_flag()
    {
        var queue = await SlaQueue(reply: 100);
        var alice = await Directory.Agent(queue);
        var chatId = await Directory.ActiveChat(queue, alice);
        var endUser = TestDirectory.EndUserOf(chatId);
        // Without a first-response limit the first message starts a reply clock; the first answer stops it.
        Assert.Equal(SlaClockKind.Reply, (await Chat(chatId).GetSnapshot(alice)).Sla!.Clock);
        await Chat(chatId).PostAgentMessage(alice, "Hi, how can I help?");
        Assert.Equal(new ChatSla(chatId, queue, SlaStatus.Ok), (await Chat(chatId).GetSnapshot(alice)).Sla);

        var asked = Cluster.Clock.Now;
        await Chat(chatId).PostEndUserMessage(endUser, "My invoice is wrong");
        Cluster.Clock.Advance(TimeSpan.FromSeconds(30));
        // A follow-up does not push the deadline back.
        await Chat(chatId).PostEndUserMessage(endUser, "hello?");
        var running = (await Chat(chatId).GetSnapshot(alice)).Sla!;
        Assert.Equal((SlaStatus.Ok, SlaClockKind.Reply, asked, asked.AddSeconds(100)), (running.Status, running.Clock, running.Since!.Value, running.DueAt!.Value));

        Cluster.Clock.Advance(TimeSpan.FromSeconds(51));
        await FiguresWhen(queue, Flagged(chatId, SlaStatus.DueSoon));
        Cluster.Clock.Advance(TimeSpan.FromSeconds(20));
        var flag = FlagOf(await FiguresWhen(queue, Flagged(chatId, SlaStatus.Breached)), chatId);
        Assert.Equal(asked.AddSeconds(100), flag.BreachedAt);
        Assert.Equal(SlaStatus.Breached, (await Chat(chatId).GetSnapshot(alice)).Sla!.Status);

        // SLA5: the chat's agents read the line; the end user never does.
        var line = Assert.Single(BreachLines((await Chat(chatId).ReadTranscript(alice, 0, 500)).Entries));
        Assert.Equal((Visibility.Agents, ActorKind.System), (line.Visibility, line.Actor.Kind));
        Assert.Empty(BreachLines((await Chat(chatId).ReadEndUserTranscript(endUser, 0, 500)).Entries));
        Assert.DoesNotContain((await Chat(chatId).ReadEndUserTranscript(endUser, 0, 500)).Entries, e => e.Text.Contains("limit", StringComparison.Ordinal));

        // Canned text answers: the clock stops and the dashboard drops the flag.
        await Chat(chatId).SendCannedText(alice, "greeting");
        await FiguresWhen(queue, f => f.Sla?.Any(s => s.ChatId == chatId) != true);
        Assert.Equal(SlaStatus.Ok, (await Chat(chatId).GetSnapshot(alice)).Sla!.Status);

        // A side note is no answer: the next turn runs its own clock.
        await Chat(chatId).PostEndUserMessage(endUser, "Still there?");
        await Chat(chatId).AddSideNote(alice, "checking the invoice");
        Assert.Equal(SlaClockKind.Reply, (await Chat(chatId).GetSnapshot(alice)).Sla!.Clock);
    }

    [Fact]
    public async Task SLA6_an_active_chat_past_its_limit_is_offered_to_another_online_agent_who_may_take_it()
    {
        var queue = await SlaQueue(reply: 60, action: SlaBreachAction.OfferToAnotherAgent);
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var bob = await Directory.Agent(queue, "Bob", "Baker");
        await Directory.UntilSearchable(queue, bob);
        var offers = await Client.RecordAgent(bob);
        var chatId = await Directory.ActiveChat(queue, alice);

        Cluster.Clock.Advance(TimeSpan.FromSeconds(61));
        var offered = (await offers.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteReceived && e.ChatId == chatId)).Invite!;
        Assert.Equal((InviteKind.TransferOffer, alice, false, InviteStatus.Pending), (offered.Kind, offered.InviterId, offered.SenderStays, offered.Status));
        var entries = (await Chat(chatId).ReadTranscript(alice, 0, 500)).Entries;
        Assert.Single(BreachLines(entries));
        Assert.Contains(entries, e => e.Kind == EntryKind.InviteStep && e.RefId == offered.InviteId);

        // T5: the receiver takes the chat over; the customer still waits for an answer, so the flag stays.
        await Chat(chatId).AcceptOffer(bob, offered.InviteId);
        var snapshot = await Chat(chatId).GetSnapshot(bob);
        Assert.Equal((bob, SlaStatus.Breached), (snapshot.AssigneeId, snapshot.Sla!.Status));
        await Chat(chatId).PostAgentMessage(bob, "Sorry for the wait, I'm on it.");
        Assert.Equal(SlaStatus.Ok, (await Chat(chatId).GetSnapshot(bob)).Sla!.Status);
    }

    [Fact]
    public async Task SLA7_an_active_chat_past_its_limit_returns_to_the_queue_in_its_place_with_a_line_the_end_user_reads()
    {
        var queue = await SlaQueue(firstResponse: 60, action: SlaBreachAction.ReturnToQueue);
        var alice = await Directory.Agent(queue);
        var startedAt = Cluster.Clock.Now;
        var chatId = await Directory.ActiveChat(queue, alice);
        var aliceEvents = await Client.RecordAgent(alice);

        Cluster.Clock.Advance(TimeSpan.FromSeconds(61));
        await aliceEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.ChatUnassigned && e.ChatId == chatId);
        var figures = await FiguresWhen(queue, f => Flagged(chatId, SlaStatus.Breached)(f) && f.WaitingChats == 1 && !f.ActiveChatIds.Contains(chatId));
        Assert.Equal(startedAt.AddSeconds(60), FlagOf(figures, chatId).BreachedAt);

        var stored = await Stored(chatId);
        Assert.Equal((ChatStatus.Waiting, (string?)null, startedAt), (stored.Status, stored.AssigneeId, stored.WaitingSince));
        Assert.Single(BreachLines(stored.Tail));
        var endUserLines = (await Chat(chatId).ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), 0, 500)).Entries;
        Assert.Contains(endUserLines, e => e.Text == "The chat went back to the queue so the next free agent can answer.");
        // It waits from when its customer began to wait: first in line.
        Assert.Equal(chatId, (await Queue(queue).GetWaitingChats())[0].ChatId);
    }

    [Fact]
    public async Task SLA8_a_deactivated_chat_is_woken_by_its_reminder_and_records_the_breach_at_the_moment_it_passed()
    {
        var queue = await SlaQueue(firstResponse: 60);
        var supervisor = await SupervisorOf(queue);
        var alerts = await Client.RecordAgent(supervisor);
        var startedAt = Cluster.Clock.Now;
        var chatId = await Directory.WaitingChat(queue);

        // The chat goes away with its timer; nothing calls it again.
        await Client.Deactivate(Chat(chatId));
        Cluster.Clock.Advance(TimeSpan.FromMinutes(3));

        var alert = await alerts.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.SlaBreached && e.ChatId == chatId);
        Assert.Equal(startedAt.AddSeconds(60), alert.Sla!.BreachedAt);
        Assert.Equal(startedAt.AddSeconds(60), (await Stored(chatId)).SlaClock!.BreachedAt);
    }

    [Fact]
    public async Task SLA8_after_a_restart_on_the_same_SQLite_file_the_reminder_wakes_the_chat_and_the_queue_flags_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N"));
        string queue, chatId;
        DateTimeOffset startedAt;
        var first = LiveChatCluster.On(folder);
        await first.InitializeAsync();
        try
        {
            var directory = new TestDirectory(first.Client);
            queue = await directory.Queue();
            var definition = (await first.Client.Queue(queue).GetInfo())!.Definition;
            await first.Client.Queue(queue).Configure(definition with { FirstResponseLimitSeconds = 60 });
            startedAt = first.Clock.Now;
            chatId = await directory.WaitingChat(queue);
            // The queue stores its waiting list when the chat's one-way notice arrives: wait for it.
            var stored = await first.Client.RecordQueue(queue);
            if ((await first.Client.Queue(queue).GetFigures()).WaitingChats != 1) await stored.WaitFor<QueueFigures>(f => f.WaitingChats == 1);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // A new cluster on the file; its clock starts where the first one's did. Nobody calls the chat.
        var second = LiveChatCluster.On(folder);
        await second.InitializeAsync();
        try
        {
            var dashboard = await second.Client.RecordQueue(queue);
            second.Clock.Advance(TimeSpan.FromMinutes(2));

            var figures = await dashboard.WaitFor(Flagged(chatId, SlaStatus.Breached));
            Assert.Equal(startedAt.AddSeconds(60), FlagOf(figures, chatId).BreachedAt);
            var stored = await second.ReadStoredState<ChatState>("chat", second.Client.Chat(chatId).GetGrainId());
            Assert.Equal(startedAt.AddSeconds(60), stored.SlaClock!.BreachedAt);
            Assert.Single(BreachLines(stored.Tail));
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }
    }
}
