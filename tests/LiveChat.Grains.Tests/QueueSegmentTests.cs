namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Queue;

/// <summary>
/// A queue stores its waiting and active chats in segments of at most
/// <see cref="SegmentedChatList.SegmentCapacity"/>: one change writes one segment, arrival order
/// holds across segment boundaries, and queues stored by older builds move into segments.
/// </summary>
public sealed class QueueSegmentTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private const int Capacity = SegmentedChatList.SegmentCapacity;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private static string Id(int n) => $"c{n:D5}";

    /// <summary>
    /// Runs one-way notices and waits until they are stored. GetFigures (interleaved) may already
    /// show a change whose writes are still in flight; the queue pushes its figures only once the
    /// change is stored, so the step waits for that push before the test reads storage or counts writes.
    /// </summary>
    private async Task Stored(string queueId, Func<QueueFigures, bool> match, Func<Task> change)
    {
        var dashboard = await Client.RecordQueue(queueId);
        await change();
        await dashboard.WaitFor(match);
    }

    private Task Waiting(string queueId, int count, Func<Task> change) => Stored(queueId, f => f.WaitingChats == count, change);

    private Task Counts(string queueId, int waiting, int active, Func<Task> change) =>
        Stored(queueId, f => f.WaitingChats == waiting && f.ActiveChats == active, change);

    /// <summary>
    /// A queue stored by an older build with <paramref name="count"/> chats waiting: activation moves
    /// them into full segments, a known layout (one-way notices may arrive in any order, and a late
    /// one splits the full segment it lands in).
    /// </summary>
    private async Task<string> QueueWithWaiting(int count, int spacingSeconds = 1)
    {
        var queueId = $"segments-{Guid.NewGuid():N}";
        await Cluster.RewriteStoredState<QueueState>("queue", Queue(queueId).GetGrainId(), s =>
        {
            s.Definition = new QueueDefinition("Segments", AutomaticAssignment: false, SystemNotifications: false, [], []);
            s.Waiting = Enumerable.Range(0, count).Select(n => new QueuedChat(Id(n), T0.AddSeconds(n * spacingSeconds))).ToList();
        });
        Assert.Equal(count, (await Queue(queueId).GetFigures()).WaitingChats);
        return queueId;
    }

    private async Task<List<string>> WaitingIds(string queueId) => (await Queue(queueId).GetWaitingChats()).Select(w => w.ChatId).ToList();

    private int SegmentWrites(string queueId, string kind, int segments) =>
        Enumerable.Range(0, segments).Sum(n => Cluster.Writes.Count(SegmentedChatList.StateName(kind, n), queueId));

    [Fact]
    public async Task R_order_the_waiting_list_keeps_arrival_order_across_segment_boundaries_and_late_notices()
    {
        // Two full segments and one nearly full (the layout in-order arrivals leave), then arrivals
        // that fill the last segment and open a new one, and late notices that belong inside full
        // segments (each splits the segment it lands in) and before the first chat.
        var seeded = Capacity * 3 - 3;
        var queueId = await QueueWithWaiting(seeded, spacingSeconds: 10);
        var queue = Queue(queueId);
        var arrivals = Enumerable.Range(seeded, 10).ToList();
        var late = new[] { 5, Capacity + 3, Capacity * 2 - 1, -1 };
        await Waiting(queueId, seeded + arrivals.Count + late.Length, async () =>
        {
            foreach (var n in arrivals) await queue.ChatWaiting(Id(n), T0.AddSeconds(n * 10));
            foreach (var n in late) await queue.ChatWaiting($"late{n}", T0.AddSeconds(n * 10 + 5));
        });

        var expected = Enumerable.Range(0, seeded + arrivals.Count).Select(n => (Id: Id(n), At: n * 10))
            .Concat(late.Select(n => (Id: $"late{n}", At: n * 10 + 5)))
            .OrderBy(c => c.At).Select(c => c.Id).ToList();
        Assert.Equal(expected, await WaitingIds(queueId));

        // The same order after the queue is read back from storage, with no segment over capacity.
        var head = await Cluster.ReadStoredState<QueueState>("queue", queue.GetGrainId());
        foreach (var segment in head.WaitingSegments)
        {
            var stored = await Cluster.ReadStoredState<QueueSegmentState>(SegmentedChatList.StateName("waiting", segment), queue.GetGrainId());
            Assert.InRange(stored.Entries.Count, 1, Capacity);
        }
        await Client.Deactivate(queue);
        Assert.Equal(expected, await WaitingIds(queueId));
        var figures = await queue.GetFigures();
        Assert.Equal(expected.Count, figures.WaitingChats);
    }

    [Fact]
    public async Task One_change_writes_one_segment_however_many_chats_wait()
    {
        var queueId = await QueueWithWaiting(Capacity * 3);
        var queue = Queue(queueId);
        var head = await Cluster.ReadStoredState<QueueState>("queue", queue.GetGrainId());
        Assert.Equal(3, head.WaitingSegments.Count);
        var segments = head.NextSegmentId;

        // Removing a chat from the middle, moving one to active and adding one at the end each
        // write one waiting segment (the active list its own), never the head.
        var headWrites = Cluster.Writes.Count("queue", queueId);
        var waitingWrites = SegmentWrites(queueId, "waiting", segments);
        await Waiting(queueId, Capacity * 3 - 1, () => queue.ChatGone(Id(Capacity + 10)));
        Assert.Equal(waitingWrites + 1, SegmentWrites(queueId, "waiting", segments));
        await Waiting(queueId, Capacity * 3, () => queue.ChatWaiting(Id(Capacity + 10), T0.AddSeconds(Capacity + 10)));
        Assert.Equal(waitingWrites + 2, SegmentWrites(queueId, "waiting", segments));
        await Counts(queueId, Capacity * 3 - 1, 1, () => queue.ChatActive(Id(0))); // opens the active list: one head write
        var headAfterFirstActive = Cluster.Writes.Count("queue", queueId);
        await Counts(queueId, Capacity * 3 - 2, 2, () => queue.ChatActive(Id(Capacity * 2 + 7)));
        Assert.Equal(waitingWrites + 4, SegmentWrites(queueId, "waiting", segments));
        Assert.Equal(headWrites + 1, headAfterFirstActive);
        Assert.Equal(headAfterFirstActive, Cluster.Writes.Count("queue", queueId));
        Assert.True(Cluster.Writes.LastWritten<QueueSegmentState>(SegmentedChatList.StateName("waiting", 2), queueId)!.Entries.Count <= Capacity);

        var expected = Enumerable.Range(1, Capacity * 3 - 1).Where(n => n != Capacity * 2 + 7).Select(Id).ToList();
        Assert.Equal(expected, await WaitingIds(queueId));
        Assert.Equal([Id(0), Id(Capacity * 2 + 7)], (await queue.GetFigures()).ActiveChatIds);
    }

    [Fact]
    public async Task Removing_every_chat_of_a_segment_drops_it_from_the_head_and_the_rest_stays_in_order()
    {
        var queueId = await QueueWithWaiting(Capacity * 2 + 5);
        var queue = Queue(queueId);
        // The middle segment empties.
        await Waiting(queueId, Capacity + 5, async () =>
        {
            for (var n = Capacity; n < Capacity * 2; n++) await queue.ChatGone(Id(n));
        });

        var head = await Cluster.ReadStoredState<QueueState>("queue", queue.GetGrainId());
        Assert.Equal([0, 2], head.WaitingSegments);
        var expected = Enumerable.Range(0, Capacity).Concat(Enumerable.Range(Capacity * 2, 5)).Select(Id).ToList();
        Assert.Equal(expected, await WaitingIds(queueId));
        await Client.Deactivate(queue);
        Assert.Equal(expected, await WaitingIds(queueId));
        // The longest wait is the first chat's.
        Assert.Equal(Cluster.Clock.Now - T0, (await queue.GetFigures()).LongestWait);
    }

    [Fact]
    public async Task A_queue_stored_with_whole_waiting_and_active_lists_moves_them_into_segments_once()
    {
        // The layout of earlier builds: both lists whole inside the queue's own state.
        var queueId = $"legacy-lists-{Guid.NewGuid():N}";
        var queue = Queue(queueId);
        var waiting = Enumerable.Range(0, Capacity + 44).Select(n => new QueuedChat(Id(n), T0.AddSeconds(n), $"User {n}", $"Hello {n}")).ToList();
        await Cluster.RewriteStoredState<QueueState>("queue", queue.GetGrainId(), s =>
        {
            s.Definition = new QueueDefinition("Legacy", AutomaticAssignment: false, SystemNotifications: false, [], []);
            s.Waiting = waiting;
            s.Active = ["a1", "a2", "a3"];
        });

        var read = await queue.GetWaitingChats();
        Assert.Equal(waiting.Select(w => w.ChatId), read.Select(w => w.ChatId));
        Assert.Equal("User 7", read[7].EndUserName);
        Assert.Equal("Hello 299", read[299].Preview);
        Assert.Equal(["a1", "a2", "a3"], (await queue.GetFigures()).ActiveChatIds);

        var head = await Cluster.ReadStoredState<QueueState>("queue", queue.GetGrainId());
        Assert.Empty(head.Waiting);
        Assert.Empty(head.Active);
        Assert.Equal(2, head.WaitingSegments.Count);
        Assert.Single(head.ActiveSegments);

        // Read back from the segments alone, and changes go on from there.
        await Client.Deactivate(queue);
        await Counts(queueId, Capacity + 42, 4, async () =>
        {
            await queue.ChatGone(Id(3));
            await queue.ChatActive(Id(4));
        });
        Assert.Equal(waiting.Select(w => w.ChatId).Where(id => id != Id(3) && id != Id(4)), await WaitingIds(queueId));
        Assert.Equal(["a1", "a2", "a3", Id(4)], (await queue.GetFigures()).ActiveChatIds);
    }

    [Fact]
    public async Task Bounded_the_figures_name_at_most_MaxActiveChatIds_active_chats_and_count_them_all()
    {
        var queueId = $"many-active-{Guid.NewGuid():N}";
        var count = QueueFigures.MaxActiveChatIds + 5;
        await Cluster.RewriteStoredState<QueueState>("queue", Queue(queueId).GetGrainId(), s =>
        {
            s.Definition = new QueueDefinition("Busy", AutomaticAssignment: false, SystemNotifications: false, [], []);
            s.Active = Enumerable.Range(0, count).Select(Id).ToHashSet();
        });

        var figures = await Queue(queueId).GetFigures();
        Assert.Equal(count, figures.ActiveChats);
        // Every figures push carries the ids: the oldest MaxActiveChatIds of them, sorted.
        Assert.Equal(Enumerable.Range(0, QueueFigures.MaxActiveChatIds).Select(Id), figures.ActiveChatIds);
    }

    [Fact]
    public async Task A_chat_left_in_both_lists_by_a_crash_between_two_writes_stays_in_the_newer_one()
    {
        var queueId = $"crashed-{Guid.NewGuid():N}";
        var queue = Queue(queueId);
        var grain = queue.GetGrainId();
        // Chat x moved to active (stamp 5) but its waiting copy (stamp 2) was not removed yet;
        // chat y went back to waiting (stamp 7) and its active copy (stamp 3) stayed.
        await Cluster.RewriteStoredState<QueueSegmentState>(SegmentedChatList.StateName("waiting", 0), grain, s =>
            s.Entries = [new QueuedChat("x", T0, Stamp: 2), new QueuedChat("y", T0.AddSeconds(1), Stamp: 7), new QueuedChat("z", T0.AddSeconds(2), Stamp: 4)]);
        await Cluster.RewriteStoredState<QueueSegmentState>(SegmentedChatList.StateName("active", 1), grain, s =>
            s.Entries = [new QueuedChat("y", T0, Stamp: 3), new QueuedChat("x", T0.AddSeconds(1), Stamp: 5)]);
        await Cluster.RewriteStoredState<QueueState>("queue", grain, s =>
        {
            s.Definition = new QueueDefinition("Crashed", AutomaticAssignment: false, SystemNotifications: false, [], []);
            s.WaitingSegments = [0];
            s.ActiveSegments = [1];
            s.NextSegmentId = 2;
        });

        Assert.Equal(["y", "z"], await WaitingIds(queueId));
        Assert.Equal(["x"], (await queue.GetFigures()).ActiveChatIds);
        // New entries get stamps above the stored ones: x waiting again wins over its active copy.
        await Counts(queueId, 3, 0, () => queue.ChatWaiting("x", T0.AddSeconds(3)));
        Assert.Equal(["y", "z", "x"], await WaitingIds(queueId));
        Assert.Empty((await queue.GetFigures()).ActiveChatIds);
    }

    [Fact]
    public async Task QueueAccess_a_long_waiting_list_reads_in_pages_across_segments()
    {
        var queueId = await QueueWithWaiting(Capacity * 2 + 5);
        var agent = await Directory.Agent(queueId, "Paula", "Pager");
        var queue = Queue(queueId);

        var page = await queue.ReadWaitingPage(agent, Capacity - 5, 10);
        Assert.Equal(Capacity * 2 + 5, page.Total);
        Assert.Equal(Enumerable.Range(Capacity - 5, 10).Select(Id), page.Chats.Select(c => c.ChatId));
        var tail = await queue.ReadWaitingPage(agent, Capacity * 2, WaitingChatsPage.MaxTake);
        Assert.Equal(Enumerable.Range(Capacity * 2, 5).Select(Id), tail.Chats.Select(c => c.ChatId));
        Assert.Empty((await queue.ReadWaitingPage(agent, Capacity * 3, 10)).Chats);

        await Refused(Rules.QueueAccess, RefusalKind.Invalid, () => queue.ReadWaitingPage(agent, 0, 0));
        await Refused(Rules.QueueAccess, RefusalKind.Invalid, () => queue.ReadWaitingPage(agent, 0, WaitingChatsPage.MaxTake + 1));
        await Refused(Rules.QueueAccess, RefusalKind.Invalid, () => queue.ReadWaitingPage(agent, -1, 10));
        var stranger = await Directory.Agent(await Directory.Queue(), "Sam", "Stranger");
        await Refused(Rules.QueueAccess, RefusalKind.Forbidden, () => queue.ReadWaitingPage(stranger, 0, 10));
    }
}
