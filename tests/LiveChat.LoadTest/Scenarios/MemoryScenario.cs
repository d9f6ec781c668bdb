namespace LiveChat.LoadTest.Scenarios;

/// <summary>Managed memory per live chat session: chats started and kept active, against the budget of 100,000 in 2 GiB.</summary>
public static class MemoryScenario
{
    public static async Task<Measurement> Run(BenchCluster cluster, LoadOptions options)
    {
        var directory = new BenchDirectory(cluster.Client);
        // Many small queues: each queue stores its waiting list, and one queue of 100,000 waiting
        // chats is not what this measures.
        const int ChatsPerQueue = 100;
        var queues = await BenchDirectory.Many((options.MemoryChats + ChatsPerQueue - 1) / ChatsPerQueue, i => directory.Queue($"mem-queue-{i}"));
        var before = Collect();
        await BenchDirectory.Many(options.MemoryChats, async i =>
        {
            var chatId = $"mem-{i}";
            await cluster.Client.GetGrain<IChatSessionGrain>(chatId)
                .Start(new StartChatRequest(queues[i / ChatsPerQueue], new EndUserInfo(BenchDirectory.EndUserOf(chatId), "Load"), "hello"));
            return chatId;
        }, parallelism: 64);
        var after = Collect();
        var perChat = Math.Max(0, after - before) / (double)options.MemoryChats;
        var budget = 2.0 * 1024 * 1024 * 1024 / 100_000;
        var ratio = perChat / budget;
        return new Measurement("Memory per live chat", "bytes", perChat, "budget (2 GiB / 100,000)", budget, ratio,
            "≤ 1.0", ratio <= 1.0, $"{options.MemoryChats:N0} waiting chats active, managed heap after full GC (silo, client and gateway share this process)");
    }

    private static long Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
