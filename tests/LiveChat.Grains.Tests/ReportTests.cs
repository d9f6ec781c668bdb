namespace LiveChat.Grains.Tests;

/// <summary>
/// Supervisors' reports (docs/rules.md RP1-RP5): chats send their facts one-way to the queue's day
/// grain after each commit; a report adds up 1, 7 or 30 days, per queue and per agent. Facts arrive a
/// moment after the chat call returned, so each test waits (with a timeout) for the figures it expects.
/// </summary>
public sealed class ReportTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private IQueueReportsGrain Reports(string queue) => Client.QueueReports(queue);

    /// <summary>The report once it matches: the facts travel one-way, so they land shortly after the chat's call.</summary>
    private async Task<QueueReport> ReportWhen(string queue, string caller, string range, Func<QueueReport, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var report = await Reports(queue).GetReport(caller, range);
            if (match(report)) return report;
            await Task.Delay(20, timeout.Token);
        }
    }

    [Fact]
    public async Task RP1_a_days_chats_are_counted_per_queue_and_per_agent()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var bob = await Directory.Agent(queue, "Bob", "Baker");
        var supervisor = await Directory.Supervisor(queue);

        // Answered after 30 s, ended 100 s later: first response 30 s, handle time 130 s (from the accept).
        var answered = await Directory.ActiveChat(queue, alice);
        Cluster.Clock.Advance(TimeSpan.FromSeconds(30));
        await Chat(answered).PostAgentMessage(alice, "Hello, how can I help?");
        await Chat(answered).PostAgentMessage(alice, "A second answer is not a first response.");
        Cluster.Clock.Advance(TimeSpan.FromSeconds(100));
        await Chat(answered).End(alice);

        // The end user gives up while waiting: abandoned.
        var gaveUp = await Directory.WaitingChat(queue);
        await Chat(gaveUp).EndByEndUser(TestDirectory.EndUserOf(gaveUp));

        // Alice invites Bob, who rejects; she resends, he accepts; then she transfers the chat to him.
        var invited = await Directory.ActiveChat(queue, alice);
        var invite = await Chat(invited).Invite(alice, bob, JoinMode.Participant);
        await Chat(invited).RespondToInvite(bob, invite.InviteId, InviteAnswer.Reject);
        await Chat(invited).ResendInvite(alice, invite.InviteId);
        await Chat(invited).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        await Chat(invited).TransferToAgent(alice, bob);

        var report = await ReportWhen(queue, supervisor, "today", r => r.Queue.ChatsTransferred == 1 && r.Queue.ChatsAbandoned == 1 && r.Queue.ChatsEnded == 1);
        Assert.Equal(new ReportFigures(ChatsStarted: 3, ChatsAnswered: 1, ChatsEnded: 1, ChatsAbandoned: 1, ChatsTransferred: 1,
            InvitesSent: 2, InvitesAccepted: 1, InvitesRejected: 1, SlaBreaches: 0,
            FirstResponseP50Seconds: 30, FirstResponseP90Seconds: 30, HandleTimeP50Seconds: 180, HandleTimeP90Seconds: 180), report.Queue);
        var a = Assert.Single(report.Agents, x => x.AgentId == alice);
        Assert.Equal("Alice Archer", a.Name);
        Assert.Equal((1, 1, 1, 2), (a.Figures.ChatsAnswered, a.Figures.ChatsEnded, a.Figures.ChatsTransferred, a.Figures.InvitesSent));
        var b = Assert.Single(report.Agents, x => x.AgentId == bob);
        Assert.Equal((1, 1, 0), (b.Figures.InvitesAccepted, b.Figures.InvitesRejected, b.Figures.InvitesSent));
        Assert.Equal("Bob Baker", b.Name);
        Assert.Equal(3, Assert.Single(report.Days).Figures.ChatsStarted);
    }

    [Fact]
    public async Task RP4_a_replayed_or_refused_command_counts_nothing_more()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var supervisor = await Directory.Supervisor(queue);
        var chat = await Directory.ActiveChat(queue, alice);
        // The same message sent twice with its key: one entry, one first answer.
        await Chat(chat).PostAgentMessage(alice, "Hello", "key-first-answer-1");
        await Chat(chat).PostAgentMessage(alice, "Hello", "key-first-answer-1");
        await Chat(chat).End(alice);
        await Refused("A1", RefusalKind.Conflict, () => Chat(chat).End(alice));
        // A later chat's start marks that everything before it arrived.
        var marker = await Directory.WaitingChat(queue);
        var report = await ReportWhen(queue, supervisor, "today", r => r.Queue.ChatsStarted == 2);
        Assert.Equal((1, 1, 0), (report.Queue.ChatsAnswered, report.Queue.ChatsEnded, report.Queue.ChatsAbandoned));
        Assert.NotNull(marker);
    }

    [Fact]
    public async Task RP1_an_sla_breach_is_counted_for_the_chat_and_its_assignee()
    {
        var queue = await Directory.Queue();
        var info = (await Queue(queue).GetInfo())!;
        await Queue(queue).Configure(info.Definition with { FirstResponseLimitSeconds = 10 });
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var supervisor = await Directory.Supervisor(queue);
        await Directory.ActiveChat(queue, alice);
        Cluster.Clock.Advance(TimeSpan.FromSeconds(11));
        var report = await ReportWhen(queue, supervisor, "today", r => r.Queue.SlaBreaches == 1);
        Assert.Equal(1, Assert.Single(report.Agents, x => x.AgentId == alice).Figures.SlaBreaches);
    }

    [Fact]
    public async Task RP3_a_range_adds_up_the_utc_days_it_covers()
    {
        var queue = await Directory.Queue();
        var supervisor = await Directory.Supervisor(queue);
        await Directory.WaitingChat(queue);
        await ReportWhen(queue, supervisor, "today", r => r.Queue.ChatsStarted == 1);

        Cluster.Clock.Advance(TimeSpan.FromDays(1));
        await Directory.WaitingChat(queue);
        var week = await ReportWhen(queue, supervisor, "7d", r => r.Queue.ChatsStarted == 2);
        Assert.Equal(7, week.Days.Count);
        Assert.Equal(week.To.AddDays(-6), week.From);
        Assert.Equal([1, 1], week.Days.TakeLast(2).Select(d => d.Figures.ChatsStarted));
        Assert.Equal(1, (await Reports(queue).GetReport(supervisor, "today")).Queue.ChatsStarted);

        // Eight days later the week holds neither; thirty days still hold both.
        Cluster.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, (await Reports(queue).GetReport(supervisor, "7d")).Queue.ChatsStarted);
        var month = await Reports(queue).GetReport(supervisor, "30d");
        Assert.Equal(2, month.Queue.ChatsStarted);
        Assert.Equal(30, month.Days.Count);
    }

    [Fact]
    public async Task RP2_RP3_only_the_queues_supervisors_and_admins_read_it_and_only_known_ranges()
    {
        var queue = await Directory.Queue();
        var other = await Directory.Queue();
        var agent = await Directory.Agent(queue, "Alice", "Archer");
        var supervisor = await Directory.Supervisor(queue);
        var otherSupervisor = await Directory.Supervisor(other);
        var admin = await Directory.Admin();

        Assert.Equal("today", (await Reports(queue).GetReport(supervisor, "today")).Range);
        Assert.Equal("30d", (await Reports(queue).GetReport(admin, "30d")).Range);
        await Refused("RP2", RefusalKind.Forbidden, () => Reports(queue).GetReport(agent, "today"));
        await Refused("RP2", RefusalKind.Forbidden, () => Reports(queue).GetReport(otherSupervisor, "7d"));
        await Refused("RP2", RefusalKind.Forbidden, () => Reports(queue).GetReport("nobody-" + Guid.NewGuid().ToString("N"), "7d"));
        await Refused("RP2", RefusalKind.NotFound, () => Reports("no-such-queue-" + Guid.NewGuid().ToString("N")).GetReport(admin, "7d"));
        foreach (var bad in new[] { "", "1d", "TODAY", "365d" })
            await Refused("RP3", RefusalKind.Invalid, () => Reports(queue).GetReport(supervisor, bad));
    }

    [Fact]
    public void RP5_percentiles_are_the_upper_bound_of_the_bucket_holding_the_rank()
    {
        var histogram = ReportLimits.NewHistogram();
        Assert.Null(ReportLimits.Percentile(histogram, 0.5));
        foreach (var seconds in new[] { 3, 8, 12, 25, 50, 100, 200, 400, 1000, 5000 })
            histogram[ReportLimits.BucketOf(TimeSpan.FromSeconds(seconds))]++;
        Assert.Equal(60, ReportLimits.Percentile(histogram, 0.5));
        Assert.Equal(1200, ReportLimits.Percentile(histogram, 0.9));
        // Beyond the last bound: the last bound (the dashboard says "more than").
        var longOnes = ReportLimits.NewHistogram();
        longOnes[ReportLimits.BucketOf(TimeSpan.FromDays(3))]++;
        Assert.Equal(ReportLimits.BucketBoundsSeconds[^1], ReportLimits.Percentile(longOnes, 0.9));
        Assert.Equal(ReportLimits.BucketBoundsSeconds.Length + 1, histogram.Length);
    }
}
