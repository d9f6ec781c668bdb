namespace LiveChat.LoadTest.Scenarios;

using LiveChat.Grains.Common;
using LiveChat.Grains.Queue;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

/// <summary>
/// Chat start into a queue where <see cref="LoadOptions.QueueDepth"/> chats already wait, against
/// the same into an empty queue: a queue stores its chats in segments, so a chat arriving costs the
/// same however many wait. Measured end to end: chats started and listed by their queue per second
/// (the queue hears of a chat one-way, so the start call alone would not include the queue's write).
/// </summary>
public static class QueueDepthScenario
{
    public static async Task<Measurement> Run(BenchCluster cluster, LoadOptions options)
    {
        var directory = new BenchDirectory(cluster.Client);
        var starts = options.Smoke ? 100 : 2_000;
        var seedTime = Stopwatch.StartNew();
        await Seed(cluster, "depth-full", options.QueueDepth);
        var activation = Stopwatch.StartNew();
        var listed = (await cluster.Client.Queue("depth-full").GetFigures()).WaitingChats;
        activation.Stop();
        if (listed != options.QueueDepth) throw new InvalidOperationException($"The seeded queue lists {listed} chats, not {options.QueueDepth}.");
        seedTime.Stop();
        var empty = await directory.Queue("depth-empty");
        var warmUp = await directory.Queue("depth-warm-up");
        await StartAndList(cluster, warmUp, "depth-warm", starts, 0, options.Concurrency);

        // Taking turns twice, so neither side gets the quieter moment.
        double emptyRate = 0, fullRate = 0;
        for (var round = 0; round < 2; round++)
        {
            emptyRate += await StartAndList(cluster, empty, $"depth-empty-{round}", starts, round * starts, options.Concurrency) / 2;
            fullRate += await StartAndList(cluster, "depth-full", $"depth-full-{round}", starts, options.QueueDepth + round * starts, options.Concurrency) / 2;
        }
        var ratio = fullRate / emptyRate;
        return new Measurement($"Queue: chat start with {options.QueueDepth:N0} waiting vs empty queue", "chats/s", fullRate, "empty queue", emptyRate, ratio,
            "≥ 0.8", ratio >= 0.8,
            $"{starts:N0} chats per side ×2, {options.Concurrency} in flight, timed until the queue lists them; " +
            $"{options.QueueDepth:N0} waiting laid out in storage in {seedTime.Elapsed.TotalSeconds:F1} s, queue activation {activation.Elapsed.TotalMilliseconds:N0} ms");
    }

    /// <summary>Starts <paramref name="count"/> chats in the queue; chats/s until its waiting count reaches the total.</summary>
    private static async Task<double> StartAndList(BenchCluster cluster, string queueId, string prefix, int count, int waitingBefore, int concurrency)
    {
        var queue = cluster.Client.Queue(queueId);
        var stopwatch = Stopwatch.StartNew();
        await BenchDirectory.Many(count, async i =>
        {
            var chatId = $"{prefix}-{i}";
            await cluster.Client.Chat(chatId)
                .Start(new StartChatRequest(queueId, new EndUserInfo(BenchDirectory.EndUserOf(chatId), "Load"), "hello"));
            return chatId;
        }, concurrency);
        while ((await queue.GetFigures()).WaitingChats < waitingBefore + count)
        {
            if (stopwatch.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"Queue {queueId} did not list {count} new chats in 2 minutes.");
            await Task.Delay(2);
        }
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Lays out a queue with <paramref name="depth"/> waiting chats in storage, as the queue itself
    /// stores them after that many arrivals (full segments, then its head): seconds, where starting
    /// 100,000 chats one queue write after another would take minutes.
    /// </summary>
    private static async Task Seed(BenchCluster cluster, string queueId, int depth)
    {
        var storage = cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.LiveChat);
        var grainId = cluster.Client.Queue(queueId).GetGrainId();
        // Waiting up to a few minutes: under the end-user-gone check's threshold, so the queue asks no (made-up) chat about it.
        var now = DateTimeOffset.UtcNow;
        var chats = Enumerable.Range(0, depth)
            .Select(i => new QueuedChat($"seeded-{i}", now.AddMilliseconds(i - depth), $"Seeded {i}", "hello", Stamp: i + 1))
            .Chunk(SegmentedChatList.SegmentCapacity).ToList();
        await BenchDirectory.Many(chats.Count, async n =>
        {
            await storage.WriteStateAsync(SegmentedChatList.StateName("waiting", n), grainId,
                new GrainState<QueueSegmentState>(new QueueSegmentState { Entries = [.. chats[n]] }));
            return n;
        });
        await storage.WriteStateAsync("queue", grainId, new GrainState<QueueState>(new QueueState
        {
            Definition = new QueueDefinition(queueId, AutomaticAssignment: false, SystemNotifications: true, [], []),
            WaitingSegments = [.. Enumerable.Range(0, chats.Count)],
            NextSegmentId = chats.Count,
        }));
    }
}
