namespace LiveChat.LoadTest.Scenarios;

using System.Collections.Concurrent;
using LiveChat.Hosting;
using LiveChat.Testing.Processes;

/// <summary>
/// Failover latency (issue #12 item 2): three silo processes on Redis, this process's client joined
/// as a gateway in client mode joins (the product's grain-call timeout, Gateway:Cluster:ResponseTimeout,
/// 5 s), steady end-user messages across many chats; the silo holding the most chats is SIGKILLed
/// and the p99 latency of the requests started in the failover window that follows is reported,
/// against the p99 of the same traffic before the kill. A request refused in the window (timed out,
/// or rejected because its silo is gone) counts with the time it took to answer: what a console waits.
/// </summary>
public static class FailoverScenario
{
    private const int Silos = 3;

    /// <summary>The measurement, or null when redis-server is missing outside CI (the scenario is skipped).</summary>
    public static async Task<Measurement?> Run(LoadOptions options)
    {
        if (RedisProcess.FindExecutable() is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"CI=true and {RedisProcess.NotInstalled} The failover scenario needs it.");
            Console.WriteLine($"failover skipped: {RedisProcess.NotInstalled}");
            return null;
        }
        var responseTimeout = GatewayClusterOptions.DefaultResponseTimeout;
        // Long enough for membership to declare the dead silo and the client to stop routing to it.
        var window = options.Smoke ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);
        var steady = options.Smoke ? TimeSpan.FromSeconds(2) : options.Duration;
        var workers = Math.Max(4, options.Concurrency / 4);

        await using var cluster = await ProcessCluster.Start(Silos, responseTimeout);
        try
        {
            var directory = new BenchDirectory(cluster.Client);
            var queue = await directory.Queue("failover-queue");
            var owner = await directory.Agent("failover-owner", queue);
            var chats = await BenchDirectory.Many(options.Chats, i => directory.ActiveChat($"failover-{i}", queue, owner));
            var grains = chats.Select(c => cluster.Client.Chat(c)).ToArray();

            var requests = new ConcurrentBag<(double StartedAt, double Millis, bool Ok)>();
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var next = -1;
            var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    var started = clock.Elapsed.TotalMilliseconds;
                    var ok = true;
                    try
                    {
                        await grains[i % grains.Length].PostEndUserMessage(BenchDirectory.EndUserOf(chats[i % chats.Count]), "failover message");
                    }
                    catch (Exception)
                    {
                        ok = false;
                    }
                    requests.Add((started, clock.Elapsed.TotalMilliseconds - started, ok));
                    // Steady traffic, not saturation: a console sends when its user types.
                    await Task.Delay(10);
                }
            })).ToList();

            await Task.Delay(steady);
            var killedAt = clock.Elapsed.TotalMilliseconds;
            var (silo, chatsLost) = await cluster.KillBusiestChatSiloAsync();
            Console.WriteLine($"  {silo} SIGKILLed holding {chatsLost} of {chats.Count} chats");
            await Task.Delay(window);
            stop.Cancel();
            await Task.WhenAll(loops);

            var before = requests.Where(r => r.StartedAt < killedAt).Select(r => r.Millis).Order().ToList();
            var during = requests.Where(r => r.StartedAt >= killedAt && r.StartedAt < killedAt + window.TotalMilliseconds).ToList();
            var latencies = during.Select(r => r.Millis).Order().ToList();
            var p99 = Throughput.Percentile(latencies, 0.99);
            var baseline = Throughput.Percentile(before, 0.99);
            Console.WriteLine($"  failover window: {during.Count} requests, {during.Count(r => !r.Ok)} failed, p99 {p99:F0} ms, max {latencies.LastOrDefault():F0} ms");
            return new Measurement($"Failover: request p99 while a silo of {Silos} is SIGKILLed", "ms p99", p99,
                "same traffic before the kill, p99", baseline, p99 / baseline, "p99 < 5000 ms", p99 < 5000,
                $"{Silos} silo processes on Redis, client with the gateway's {responseTimeout.TotalSeconds:F0} s grain-call timeout; " +
                $"{workers} senders over {chats.Count} chats; requests started in the {window.TotalSeconds:F0} s after the kill: {during.Count}, " +
                $"{during.Count(r => !r.Ok)} failed fast (timed out or rejected), p50 {Throughput.Percentile(latencies, 0.5):F0} ms, " +
                $"max {latencies.LastOrDefault():F0} ms; the killed silo held {chatsLost} chats");
        }
        catch
        {
            Console.Error.WriteLine(cluster.Describe());
            throw;
        }
    }
}
