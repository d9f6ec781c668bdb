namespace LiveChat.LoadTest.Scenarios;

/// <summary>The cost of a message early in a chat against one far into it, with real persistence (paged transcript).</summary>
public static class GrowthScenario
{
    public static async Task<Measurement> Run(BenchCluster cluster, LoadOptions options)
    {
        var directory = new BenchDirectory(cluster.Client);
        var queue = await directory.Queue("growth-queue");
        var owner = await directory.Agent("growth-owner", queue);
        // Another chat first, so the 10th message of the measured one pays for no JIT or first use.
        var warmUp = await directory.ActiveChat("growth-warm-up", queue, owner);
        for (var n = 0; n < 50; n++) await cluster.Client.Chat(warmUp).PostEndUserMessage(BenchDirectory.EndUserOf(warmUp), "warm-up");
        var chatId = await directory.ActiveChat("growth-chat", queue, owner);
        var chat = cluster.Client.Chat(chatId);
        var total = options.Smoke ? 100 : 1_000;
        var late = total;
        var latencies = new double[total + 1];
        for (var n = 1; n <= total; n++)
        {
            var stopwatch = Stopwatch.StartNew();
            await chat.PostEndUserMessage(BenchDirectory.EndUserOf(chatId), $"message {n}");
            latencies[n] = stopwatch.Elapsed.TotalMilliseconds;
        }
        // Medians of a small window around the 10th and the last message smooth out single hiccups.
        double MedianAround(int n) => latencies.Skip(Math.Max(1, n - 5)).Take(11).Where(x => x > 0).Order().ElementAt(5);
        var early = MedianAround(10);
        var far = MedianAround(late - 5);
        var ratio = far / early;
        return new Measurement($"Growth: message {late} vs message 10", "ms per message", far, "message 10", early, ratio,
            "≤ 1.5", ratio <= 1.5, "one chat, sequential, median of 11 around each point");
    }
}
