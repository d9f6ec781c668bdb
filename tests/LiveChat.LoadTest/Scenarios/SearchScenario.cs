namespace LiveChat.LoadTest.Scenarios;

/// <summary>R12's agent search p99 as the queue grows, against the p99 of an empty grain call measured alongside.</summary>
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
            await BenchDirectory.Many(size, i => directory.Agent($"search-{size}-{i}", queue, names[i % names.Length], $"Surname{i}"));
            var owner = await directory.Agent($"search-{size}-owner", queue, "Owner", "Person");
            var chat = cluster.Client.GetGrain<IChatSessionGrain>(await directory.ActiveChat($"search-chat-{size}", queue, owner));
            var samples = options.Smoke ? 50 : 300;
            var search = new List<double>();
            var ping = new List<double>();
            var random = new Random(size);
            for (var i = 0; i < samples; i++)
            {
                // Partial, case-insensitive: a first name's start, or a surname prefix matching a tenth of the queue.
                var query = random.Next(2) == 0 ? names[random.Next(names.Length)][..2].ToLowerInvariant() : $"SURNAME{random.Next(10)}";
                var stopwatch = Stopwatch.StartNew();
                await chat.SearchInvitees(owner, query);
                search.Add(stopwatch.Elapsed.TotalMilliseconds);
                stopwatch.Restart();
                await cluster.Client.GetGrain<IPingGrain>(i).Ping();
                ping.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            search.Sort();
            ping.Sort();
            var p99 = Throughput.Percentile(search, 0.99);
            var pingP99 = Throughput.Percentile(ping, 0.99);
            results.Add(new Measurement($"Agent search (R12), {size:N0} agents", "ms p99", p99, "empty grain call p99", pingP99, p99 / pingP99,
                "< 5 ms at 10,000", size < 10_000 || p99 < 5, $"p50 {Throughput.Percentile(search, 0.5):F2} ms, {samples} searches"));
        }
        return results;
    }
}
