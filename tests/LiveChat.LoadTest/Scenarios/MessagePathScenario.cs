namespace LiveChat.LoadTest.Scenarios;

using LiveChat.Events;

/// <summary>
/// End-user messages into chats with an assignee, a participant and a monitor, each acknowledged
/// once durably stored and published to a subscriber, against an empty grain call through the
/// same Orleans client.
/// </summary>
public static class MessagePathScenario
{
    private sealed class CountingObserver : IChatObserver
    {
        public long Received;
        public void OnChatEvent(ChatEvent chatEvent) => Interlocked.Increment(ref Received);
    }

    public static async Task<Measurement> Run(BenchCluster cluster, LoadOptions options)
    {
        var directory = new BenchDirectory(cluster);
        var queue = await directory.Queue("msg-queue");
        var owner = await directory.Agent("msg-owner", queue);
        var helper = await directory.Agent("msg-helper", queue);
        var watcher = await directory.Agent("msg-watcher", queue);
        var chats = await BenchDirectory.Many(options.Chats, i => directory.ActiveChat($"msg-{i}", queue, owner, helper, watcher));
        var observer = new CountingObserver();
        var reference = cluster.Client.CreateObjectReference<IChatObserver>(observer);
        foreach (var chat in chats) await cluster.Client.GetGrain<IChatSessionGrain>(chat).Subscribe(reference);

        var grains = chats.Select(c => cluster.Client.GetGrain<IChatSessionGrain>(c)).ToArray();
        var (messages, failed) = await Throughput.Measure(options.Concurrency, options.Duration,
            i => grains[i % grains.Length].PostEndUserMessage(BenchDirectory.EndUserOf(chats[i % chats.Count]), "load message"));
        var (pings, _) = await Throughput.Measure(options.Concurrency, options.Duration,
            i => cluster.Client.GetGrain<IPingGrain>(i % 4096).Ping());

        var ratio = messages / pings;
        return new Measurement("Message path (durable, fan-out to 3 + subscriber)", "messages/s", messages, "empty grain call", pings, ratio,
            "≥ 0.10", ratio >= 0.10, $"{options.Chats} chats, {options.Concurrency} in flight, {failed} failed, {observer.Received} pushes received");
    }
}
