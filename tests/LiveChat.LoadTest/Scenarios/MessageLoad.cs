namespace LiveChat.LoadTest.Scenarios;

using LiveChat.Events;

/// <summary>
/// The message path's workload, shared by the message and the scale-out scenarios so they measure
/// the same thing: end-user messages into chats with an assignee, a participant and a monitor, each
/// acknowledged once durably stored and published to a subscriber; then empty grain calls through
/// the same client, the baseline.
/// </summary>
public static class MessageLoad
{
    public sealed record Result(double Messages, long Failed, long Pushes, double Pings);

    private sealed class CountingObserver : IChatObserver
    {
        public long Received;
        public void OnChatEvent(ChatEvent chatEvent) => Interlocked.Increment(ref Received);
    }

    public static async Task<Result> Measure(IClusterClient client, LoadOptions options)
    {
        var directory = new BenchDirectory(client);
        var queue = await directory.Queue("msg-queue");
        var owner = await directory.Agent("msg-owner", queue);
        var helper = await directory.Agent("msg-helper", queue);
        var watcher = await directory.Agent("msg-watcher", queue);
        var chats = await BenchDirectory.Many(options.Chats, i => directory.ActiveChat($"msg-{i}", queue, owner, helper, watcher));
        var observer = new CountingObserver();
        var reference = client.CreateObjectReference<IChatObserver>(observer);
        foreach (var chat in chats) await client.Chat(chat).Subscribe(reference);

        var grains = chats.Select(c => client.Chat(c)).ToArray();
        var (messages, failed) = await Throughput.Measure(options.Concurrency, options.Duration,
            i => grains[i % grains.Length].PostEndUserMessage(BenchDirectory.EndUserOf(chats[i % chats.Count]), "load message"));
        var (pings, _) = await Throughput.Measure(options.Concurrency, options.Duration,
            i => client.GetGrain<IPingGrain>(i % 4096).Ping());
        return new Result(messages, failed, Interlocked.Read(ref observer.Received), pings);
    }
}
