namespace LiveChat.LoadTest.Scenarios;

using Orleans.Runtime;

/// <summary>
/// Managed memory per live chat session: chats started and kept active, against the budget of
/// 100,000 in 2 GiB. Asked for more than 100,000 (`--memory-chats 1000000`), a second row holds
/// the silo's whole managed heap for a million live chats against 6 GiB: measured when that many
/// started, otherwise (`--memory-minutes` ran out first) extrapolated from the heap per chat of
/// those that did, and the row says so.
/// </summary>
public static class MemoryScenario
{
    private const int Million = 1_000_000;
    private const double GiB = 1024.0 * 1024 * 1024;

    public static async Task<List<Measurement>> Run(BenchCluster cluster, LoadOptions options)
    {
        var directory = new BenchDirectory(cluster.Client);
        // Many small queues: each queue stores its waiting list, and one queue of 100,000 waiting
        // chats is not what this measures.
        const int ChatsPerQueue = 100;
        var asked = options.MemoryChats;
        var queues = await BenchDirectory.Many((asked + ChatsPerQueue - 1) / ChatsPerQueue, i => directory.Queue($"mem-queue-{i}"));
        var before = Collect();
        var timeLimit = options.MemoryMinutes > 0 ? TimeSpan.FromMinutes(options.MemoryMinutes) : TimeSpan.MaxValue;
        var starting = Stopwatch.StartNew();
        var next = -1;
        var started = 0;
        var senders = Enumerable.Range(0, 64).Select(async _ =>
        {
            while (starting.Elapsed < timeLimit && Interlocked.Increment(ref next) is var i && i < asked)
            {
                var chatId = $"mem-{i}";
                await cluster.Client.Chat(chatId)
                    .Start(new StartChatRequest(queues[i / ChatsPerQueue], new EndUserInfo(BenchDirectory.EndUserOf(chatId), "Load"), "hello"));
                if (Interlocked.Increment(ref started) % 100_000 == 0)
                    Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] memory: {started:N0} chats started, {started / starting.Elapsed.TotalSeconds:N0}/s");
            }
        });
        await Task.WhenAll(senders);
        var startSeconds = starting.Elapsed.TotalSeconds;
        var after = Collect();
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var activeChats = await ChatActivations(cluster.Client);

        var perChat = Math.Max(0, after - before) / (double)started;
        var budget = 2.0 * GiB / 100_000;
        var ratio = perChat / budget;
        var measured = $"{started:N0} waiting chats active ({activeChats:N0} chat activations), started in {startSeconds:F0} s ({started / startSeconds:N0}/s)";
        List<Measurement> rows =
        [
            new("Memory per live chat", "bytes", perChat, "budget (2 GiB / 100,000)", budget, ratio,
                "≤ 1.0", ratio <= 1.0, $"{measured}, managed heap after full GC (silo, client and gateway share this process)"),
        ];
        if (asked <= 100_000) return rows;

        // The whole heap, not only the chats' share: what the silo process would hold.
        // Equal to the heap measured after the chats when exactly a million started.
        var extrapolated = started != Million;
        var total = before + perChat * Million;
        var totalGiB = total / GiB;
        rows.Add(new Measurement("Memory: 1,000,000 live chats in one silo (managed heap)", "GiB", totalGiB, "budget", 6, totalGiB / 6,
            "≤ 6 GiB", totalGiB <= 6,
            (extrapolated
                ? $"**extrapolated** from {started:N0} chats ({asked:N0} asked, {options.MemoryMinutes:0.#} min allowed): heap before them {before / GiB:F2} GiB + {perChat:N0} bytes per chat × 1,000,000; "
                : $"measured with {started:N0} chats; ") +
            $"{measured}; after full GC: {after / GiB:F2} GiB live, GC heap {heap.HeapSizeBytes / GiB:F2} GiB, committed {heap.TotalCommittedBytes / GiB:F2} GiB, " +
            $"fragmented {heap.FragmentedBytes / GiB:F2} GiB; process resident {Process.GetCurrentProcess().WorkingSet64 / GiB:F2} GiB (SQLite's cache and native memory included)"));
        return rows;
    }

    /// <summary>Chat activations in the silo: that the chats are live, not collected meanwhile.</summary>
    private static async Task<long> ChatActivations(IClusterClient client)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("ChatSessionGrain", StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);
    }

    private static long Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
