namespace LiveChat.LoadTest.Scenarios;

using Microsoft.AspNetCore.Http.Connections;
using Api = LiveChat.Client;

/// <summary>
/// Real-time fan-out on the embedded default: `--fanout-connections` SignalR connections over
/// WebSockets to the gateway, end users each in their own chat and agents each watching the
/// <see cref="ChatsPerAgent"/> chats they own. Messages go into the chats at `--fanout-rate` a
/// second, open loop; each is timed from its post until every watcher of its chat (its end user and
/// its agent) has it. The baseline, measured first in the same run: the same delivery in one chat
/// whose two watchers are the only connections, one message after another.
/// </summary>
public static class FanOutScenario
{
    private const int ChatsPerAgent = 4;
    private const int WatchersPerChat = 2;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    public static async Task<Measurement> Run(BenchCluster cluster, LoadOptions options)
    {
        var connectionCount = options.FanOutConnections;
        EnsureFileDescriptors(connectionCount);
        var agentCount = Math.Max(1, connectionCount / (ChatsPerAgent + 1));
        var chatCount = Math.Max(1, connectionCount - agentCount);
        var directory = new BenchDirectory(cluster.Client);
        var queue = await directory.Queue("fan-queue");
        var deliveries = new FanOutDeliveries();

        // The baseline: one chat, its two watchers alone on the gateway.
        var baseAgent = await directory.Agent("fan-base-agent", queue);
        var baseChat = await directory.ActiveChat("fan-base", queue, baseAgent);
        await using var baseEndUser = await Connect(cluster, EndUserToken(cluster, baseChat), deliveries);
        await using var baseWatcher = await Connect(cluster, await AgentToken(cluster, baseAgent), deliveries, baseChat);
        var alone = await Sequential(cluster, baseChat, deliveries, options.Duration / 2);
        Say($"alone: {alone.Latencies.Count} delivered (p99 {Throughput.Percentile(alone.Latencies, 0.99):F1} ms), {alone.Lost} lost; {deliveries.Pushes} pushes");

        var agents = await BenchDirectory.Many(agentCount, i => directory.Agent($"fan-agent-{i}", queue));
        var chats = await BenchDirectory.Many(chatCount, i => directory.ActiveChat($"fan-{i}", queue, agents[i % agentCount]));
        var agentTokens = await BenchDirectory.Many(agentCount, i => AgentToken(cluster, agents[i]));

        var connecting = Stopwatch.StartNew();
        var reconnects = 0;
        var connections = await BenchDirectory.Many(chatCount + agentCount, async i =>
        {
            var connection = i < chatCount
                ? await Connect(cluster, EndUserToken(cluster, chats[i]), deliveries)
                : await Connect(cluster, agentTokens[i - chatCount], deliveries,
                    [.. Enumerable.Range(0, chatCount).Where(c => c % agentCount == i - chatCount).Select(c => chats[c])]);
            connection.Connection.Reconnecting += _ =>
            {
                Interlocked.Increment(ref reconnects);
                return Task.CompletedTask;
            };
            return connection;
        }, parallelism: 16);
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        Say($"{connections.Count:N0} connections in {connectSeconds:F0} s");
        var settleSeconds = await QueueSettled(cluster, queue, chatCount + 1);
        Say($"queue took in the setup's chats {settleSeconds:F0} s after the connections were up");
        var openFiles = Directory.GetFiles("/proc/self/fd").Length;
        try
        {
            // How much of the cores this process got while it sent: on a machine shared with other
            // work, latency with the process far below its share says the cores were elsewhere.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var load = await OpenLoop(cluster, chats, deliveries, options.FanOutRate, options.Duration);
            var coresUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;
            Say($"{load.Latencies.Count:N0} delivered, {load.Lost} lost, {load.Failed} posts failed");
            var p99 = Throughput.Percentile(load.Latencies, 0.99);
            var aloneP99 = Throughput.Percentile(alone.Latencies, 0.99);
            return new Measurement($"Real-time fan-out: {connections.Count:N0} SignalR connections (WebSockets)", "ms p99", p99,
                "same delivery, 1 chat alone, p99", aloneP99, p99 / aloneP99, "p99 ≤ 50 ms", p99 <= 50 && load.Lost == 0 && alone.Lost == 0,
                $"post → every watcher of the chat (end user + agent); p50 {Throughput.Percentile(load.Latencies, 0.5):F2} ms, max {(load.Latencies.Count > 0 ? load.Latencies[^1] : double.NaN):F1} ms " +
                $"(alone: p50 {Throughput.Percentile(alone.Latencies, 0.5):F2} ms, {alone.Latencies.Count:N0} messages one after another, {alone.Lost} lost); " +
                $"{chatCount:N0} end users in their chats + {agentCount:N0} agents watching {ChatsPerAgent} chats each; " +
                $"{load.Latencies.Count:N0} messages at {load.Rate:F0}/s measured after a {load.WarmUpSeconds:F0} s warm-up, {load.Lost} not delivered within {DeliveryTimeout.TotalSeconds:F0} s, {load.Failed} posts failed; " +
                $"this process used {coresUsed:F2} of {Environment.ProcessorCount} cores meanwhile (silo, gateway and every client); " +
                $"connected in {connectSeconds:F0} s, then {settleSeconds:F0} s until the queue listed every chat active, {reconnects} reconnects, {openFiles:N0} open file descriptors in the process; " +
                $"{deliveries.Pushes:N0} chat pushes received, {deliveries.Repeated:N0} of them a repeat to the same watcher");
        }
        finally
        {
            await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());
        }
    }

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Waits until the queue lists every chat of the setup as active and none waiting: each chat
    /// told it one-way (waiting, active, its card), thousands in a burst, and a queue still working
    /// through them meanwhile took a tenth of the cores (Orleans scanning its pending messages)
    /// through the whole measurement. The messages are measured in the steady state, not the
    /// setup's aftermath; the seconds it took are in the row's notes.
    /// </summary>
    private static async Task<double> QueueSettled(BenchCluster cluster, string queueId, int activeChats)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var figures = await cluster.Client.Queue(queueId).GetFigures();
            if (figures.ActiveChats >= activeChats && figures.WaitingChats == 0) return waiting.Elapsed.TotalSeconds;
            if (waiting.Elapsed > SettleTimeout)
                throw new TimeoutException($"Queue '{queueId}' listed {figures.ActiveChats:N0} of {activeChats:N0} chats active ({figures.WaitingChats:N0} waiting) after {SettleTimeout.TotalMinutes:F0} minutes.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] fanout: {line}");

    private sealed record Timing(List<double> Latencies, long Lost, long Failed, double Rate, double WarmUpSeconds);

    /// <summary>One message at a time into one chat, each waited for at both watchers before the next.</summary>
    private static async Task<Timing> Sequential(BenchCluster cluster, string chatId, FanOutDeliveries deliveries, TimeSpan duration)
    {
        var chat = cluster.Client.Chat(chatId);
        var latencies = new List<double>();
        long lost = 0;
        var warmUp = duration / 4;
        var running = Stopwatch.StartNew();
        while (running.Elapsed < warmUp + duration)
        {
            var measured = running.Elapsed >= warmUp;
            var (text, delivered) = deliveries.Expect(WatchersPerChat);
            await chat.PostEndUserMessage(BenchDirectory.EndUserOf(chatId), text);
            try
            {
                var latency = await delivered.WaitAsync(DeliveryTimeout);
                if (measured) latencies.Add(latency);
            }
            catch (TimeoutException)
            {
                lost++;
            }
        }
        latencies.Sort();
        return new Timing(latencies, lost, 0, latencies.Count / duration.TotalSeconds, warmUp.TotalSeconds);
    }

    /// <summary>
    /// Messages at <paramref name="rate"/> a second, round robin over the chats, sent when due
    /// whether or not earlier ones arrived; the first quarter of the time is warm-up.
    /// </summary>
    private static async Task<Timing> OpenLoop(BenchCluster cluster, IReadOnlyList<string> chats, FanOutDeliveries deliveries, double rate, TimeSpan duration)
    {
        var warmUp = duration / 4;
        var interval = TimeSpan.FromSeconds(1 / rate);
        var measured = new List<Task<double>>();
        var posts = new List<Task>();
        long failed = 0;
        var started = Stopwatch.StartNew();
        for (long n = 0; ; n++)
        {
            var due = interval * n;
            if (due >= warmUp + duration) break;
            var wait = due - started.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var chatId = chats[(int)(n % chats.Count)];
            var (text, delivered) = deliveries.Expect(WatchersPerChat);
            if (due >= warmUp) measured.Add(delivered);
            posts.Add(Post(cluster.Client.Chat(chatId), chatId, text));
        }
        // The rate actually sent: a sender that fell behind shows here.
        var sendSeconds = (started.Elapsed - warmUp).TotalSeconds;
        await Task.WhenAll(posts);
        // One deadline for all: what has not arrived by then is lost.
        await Task.WhenAny(Task.WhenAll(measured), Task.Delay(DeliveryTimeout));
        var latencies = measured.Where(d => d.IsCompletedSuccessfully).Select(d => d.Result).ToList();
        var lost = measured.Count - latencies.Count;
        latencies.Sort();
        return new Timing(latencies, lost, Interlocked.Read(ref failed), measured.Count / sendSeconds, warmUp.TotalSeconds);

        async Task Post(IChatSessionGrain chat, string chatId, string text)
        {
            try
            {
                await chat.PostEndUserMessage(BenchDirectory.EndUserOf(chatId), text);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }

    /// <summary>A console on the client library, over WebSockets only (no negotiate round trip, no fallback to long polling).</summary>
    private static int _watchers;

    private static async Task<Api.LiveChatHubClient> Connect(BenchCluster cluster, string token, FanOutDeliveries deliveries, params string[] watchChats)
    {
        var watcher = Interlocked.Increment(ref _watchers);
        var hub = Api.LiveChatHubClient.Create(cluster.GatewayUrl, () => Task.FromResult<string?>(token), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });
        hub.ChatEvent += message => deliveries.Seen(message.Entry.Text, watcher);
        await hub.StartAsync();
        foreach (var chat in watchChats) await hub.WatchChat(chat);
        return hub;
    }

    private static string EndUserToken(BenchCluster cluster, string chatId) => cluster.Tokens.ForEndUser(BenchDirectory.EndUserOf(chatId), chatId);

    private static async Task<string> AgentToken(BenchCluster cluster, string agentId) =>
        cluster.Tokens.ForAgent(await cluster.Client.Agent(agentId).GetSnapshot());

    /// <summary>Each connection is two sockets in this process (the client's and the gateway's): refuse early, with the fix, rather than fail halfway.</summary>
    private static void EnsureFileDescriptors(int connections)
    {
        var limit = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        if (limit is null || !long.TryParse(limit.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], out var soft)) return;
        var needed = 2L * connections + 2_000;
        if (soft < needed)
            throw new InvalidOperationException($"{connections:N0} connections need about {needed:N0} file descriptors; this process may open {soft:N0} (ulimit -n {needed} first, or lower --fanout-connections).");
    }
}
