namespace LiveChat.LoadTest.Scenarios;

using LiveChat.Grains.Queue;

/// <summary>
/// R12's agent search p99 as the queue grows (`--search-sizes`, 100 / 1,000 / 10,000 by default;
/// 100,000 when asked), against the p99 of an empty grain call measured alongside.
/// </summary>
public static class SearchScenario
{
    public static async Task<List<Measurement>> Run(BenchCluster cluster, LoadOptions options)
    {
        var results = new List<Measurement>();
        var directory = new BenchDirectory(cluster.Client);
        var names = new[] { "Ann", "Ben", "Cara", "Dmitri", "Eve", "Farid", "Gina", "Hugo", "Ines", "Jon", "Kemal", "Lena" };
        foreach (var size in options.SearchSizes)
        {
            var queue = await directory.Queue($"search-{size}");
            var registering = Stopwatch.StartNew();
            await BenchDirectory.Many(size, i => directory.Agent($"search-{size}-{i}", queue, names[i % names.Length], $"Surname{i}"));
            var owner = await directory.Agent($"search-{size}-owner", queue, "Owner", "Person");
            var registered = registering.Elapsed;
            var chat = cluster.Client.Chat(await directory.ActiveChat($"search-chat-{size}", queue, owner));
            // The registration burst above ends with the queue storing 10,000 new cards (at most every
            // CardSaveDelayFor(size)) and many agent writes: let that settle, as a queue's day starts long
            // before its first search. The churn below keeps the steady state honest.
            await Task.Delay(SupportQueueGrain.CardSaveDelayFor(size) + TimeSpan.FromSeconds(1));
            using var stopChurn = new CancellationTokenSource();
            var churn = PresenceChurn(cluster, size, stopChurn.Token);
            // Searches one after another for the run's duration, so card saves and GCs fall among them.
            var sampling = Stopwatch.StartNew();
            var search = new List<double>();
            var ping = new List<double>();
            var random = new Random(size);
            for (var i = 0; sampling.Elapsed < options.Duration; i++)
            {
                // Partial, case-insensitive: a first name's start, a surname prefix matching a tenth of
                // the queue, or text nobody matches (the whole queue walked).
                var query = random.Next(3) switch
                {
                    0 => names[random.Next(names.Length)][..2].ToLowerInvariant(),
                    1 => $"SURNAME{random.Next(10)}",
                    _ => "zq",
                };
                var stopwatch = Stopwatch.StartNew();
                await chat.SearchInvitees(owner, query);
                search.Add(stopwatch.Elapsed.TotalMilliseconds);
                stopwatch.Restart();
                await cluster.Client.GetGrain<IPingGrain>(i).Ping();
                ping.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            await stopChurn.CancelAsync();
            var presenceChanges = await churn;
            search.Sort();
            ping.Sort();
            var p99 = Throughput.Percentile(search, 0.99);
            var pingP99 = Throughput.Percentile(ping, 0.99);
            results.Add(new Measurement($"Agent search (R12), {size:N0} agents", "ms p99", p99, "empty grain call p99", pingP99, p99 / pingP99,
                Target, Met(size, p99), $"{size:N0} registered in {registered.TotalSeconds:F0} s; p50 {Throughput.Percentile(search, 0.5):F2} ms, {search.Count:N0} searches in {options.Duration.TotalSeconds:F0} s, {presenceChanges} presence changes meanwhile"));
        }
        return results;
    }

    private const string Target = "< 5 ms at 10,000; < 10 ms at 100,000";

    /// <summary>The targets by queue size: below 10,000 agents none of its own (a smaller queue searches less).</summary>
    private static bool Met(int size, double p99) => size switch
    {
        < 10_000 => true,
        < 100_000 => p99 < 5,
        _ => p99 < 10,
    };

    /// <summary>
    /// Agents going away and coming back, ten changes a second, while searches run: every change
    /// reaches the queue, and its cards are stored again every CardSaveDelayFor(size).
    /// </summary>
    private static async Task<int> PresenceChurn(BenchCluster cluster, int size, CancellationToken stop)
    {
        var random = new Random(size + 1);
        var changes = 0;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                var agent = cluster.Client.Agent($"search-{size}-{random.Next(size)}");
                await agent.SetPresence(Presence.Away);
                await agent.SetPresence(Presence.Online);
                changes += 2;
            }
        }
        catch (OperationCanceledException)
        {
            // The searches are done.
        }
        return changes;
    }
}
