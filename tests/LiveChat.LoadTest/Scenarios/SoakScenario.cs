namespace LiveChat.LoadTest.Scenarios;

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using LiveChat.LoadTest.Soak;
using LiveChat.Testing.Processes;

/// <summary>
/// The soak (issue #12 item 7): steady messages over many chats for a long time (30 minutes by
/// default) through the gateway's HTTP API, on the embedded default and on three silo processes
/// with Redis, one after the other. Every 10 s: resident memory of the silo(s), p50/p99 latency,
/// errors and throughput of that window. Writes soak-&lt;target&gt;.json and soak-&lt;target&gt;.png;
/// the pass line is <see cref="SoakVerdict"/> (memory peaks that do not rise, a flat p99 over the last 40 % of the run, no errors).
/// Only run when asked (`--scenarios soak`): never in the default list, the smoke run or CI.
/// </summary>
public static class SoakScenario
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    /// <summary>The verdict of each target run (a cluster target without redis-server is skipped).</summary>
    public static async Task<List<(string Target, SoakVerdict Verdict)>> Run(LoadOptions options)
    {
        var verdicts = new List<(string, SoakVerdict)>();
        foreach (var target in options.SoakTargets)
        {
            switch (target)
            {
                case "embedded":
                    verdicts.Add((target, await Soak(await EmbeddedSoakTarget.Start(), options)));
                    break;
                case "cluster" when RedisProcess.FindExecutable() is null:
                    Console.WriteLine($"soak on the cluster skipped: {RedisProcess.NotInstalled}");
                    break;
                case "cluster":
                    var cluster = await ClusterSoakTarget.Start();
                    try
                    {
                        verdicts.Add((target, await Soak(cluster, options)));
                    }
                    catch
                    {
                        Console.Error.WriteLine(cluster.Describe());
                        throw;
                    }
                    break;
                default:
                    throw new ArgumentException($"Unknown soak target {target}: embedded or cluster.");
            }
        }
        return verdicts;
    }

    private static async Task<SoakVerdict> Soak(ISoakTarget target, LoadOptions options)
    {
        await using var owned = target;
        var duration = TimeSpan.FromMinutes(options.SoakMinutes);
        var window = new SoakWindow();
        var prepared = Stopwatch.StartNew();
        var traffic = await SoakTraffic.Prepare(target, options.SoakChats, window);
        Console.WriteLine($"  {target.Name}: {options.SoakChats:N0} active chats ready in {prepared.Elapsed.TotalSeconds:F0} s; " +
            $"{options.SoakRate:N0} messages/s for {duration.TotalMinutes:0.#} min");

        var clock = Stopwatch.StartNew();
        var sending = traffic.Run(options.SoakRate, duration, clock);
        var samples = new List<SoakSample>();
        using (var ticks = new PeriodicTimer(SampleEvery))
        {
            var last = TimeSpan.Zero;
            while (clock.Elapsed < duration - TimeSpan.FromSeconds(1) && await ticks.WaitForNextTickAsync())
            {
                var now = clock.Elapsed;
                var sample = await Sample(target, window, now, now - last);
                last = now;
                samples.Add(sample);
                var grains = sample.Activations is { Count: > 0 } counts ? "; activations " + string.Join(" ", counts.Select(g => g.Key + "=" + g.Value.ToString(CultureInfo.InvariantCulture))) : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {target.Name} {sample.Minutes,5:F1} min: {sample.ResidentMb,7:F0} MiB (heap {sample.ManagedHeapMb,5:F0}), {sample.PerSecond,5:F0}/s, p50 {sample.P50Ms,5:F0} ms, p99 {sample.P99Ms,6:F0} ms, {sample.Errors} errors{grains}"));
            }
        }
        await sending;

        var verdict = SoakVerdict.Of(samples, options.SoakRate);
        Directory.CreateDirectory(options.Output);
        var json = Path.Combine(options.Output, $"soak-{target.Name}.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
        {
            date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            commit = Report.Commit(),
            machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}",
            target = target.Name,
            description = target.Description,
            traffic = "POST /api/enduser/chat/messages and the owner's reply POST /api/chats/{id}/messages, alternating, open loop at the asked rate; latency from when each message was due",
            rateLimits = BenchCluster.RateLimitsEnabled,
            minutes = options.SoakMinutes,
            chats = options.SoakChats,
            rate = options.SoakRate,
            sampleSeconds = SampleEvery.TotalSeconds,
            summary = verdict,
            samples,
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        var png = Path.ChangeExtension(json, ".png");
        SoakPlot.Write(png, string.Create(CultureInfo.InvariantCulture,
            $"Soak, {target.Name}: {options.SoakChats:N0} chats, {options.SoakRate:N0} msg/s, {options.SoakMinutes:0.#} min - {(verdict.Passed ? "PASS" : "FAIL")}"),
            samples, verdict);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {target.Name}: {(verdict.Passed ? "PASS" : "FAIL")}: memory peaks {verdict.MemoryPeakMiddleMb:F0} -> {verdict.MemoryPeakLastMb:F0} MiB " +
            $"({verdict.MemoryPeakGrowthPercentPer10Min:+0.0;-0.0} %/10 min{(verdict.MemoryFlat ? "" : ", NOT flat")}; fitted slope {verdict.MemorySlopeMbPerMin:+0.00;-0.00} MiB/min, " +
            $"{verdict.MemoryGrowthPercentPer10Min:+0.0;-0.0} %/10 min of {verdict.MemoryMeanMb:F0} MiB), " +
            $"p99 {verdict.P99SlopeMsPerMin:+0.00;-0.00} ms/min (mean {verdict.P99MeanMs:F0} ms{(verdict.LatencyFlat ? "" : ", NOT flat")}), " +
            $"{verdict.Errors} errors in {verdict.Requests:N0} requests, {verdict.RateServed:F0}/s served of {verdict.RateAsked:F0}/s; fitted from {verdict.FitFromMinutes:F1} min"));
        Console.WriteLine($"  wrote {json} and {png}");
        return verdict;
    }

    private static async Task<SoakSample> Sample(ISoakTarget target, SoakWindow window, TimeSpan at, TimeSpan interval)
    {
        var (latencies, errors) = window.Swap();
        latencies.Sort();
        var memory = await target.SampleMemoryAsync();
        return new SoakSample(Math.Round(at.TotalMinutes, 3), Math.Round(memory.ResidentMb, 1),
            memory.ManagedHeapMb is { } heap ? Math.Round(heap, 1) : null, memory.PerSiloMb,
            latencies.Count, Math.Round(latencies.Count / interval.TotalSeconds, 1),
            Round(Throughput.Percentile(latencies, 0.50)), Round(Throughput.Percentile(latencies, 0.99)), Round(latencies.LastOrDefault()),
            errors.Values.Sum(), errors, memory.PerSiloManagedMb, memory.PerSiloCommittedMb, memory.Activations);
    }

    /// <summary>NaN (a window without answers) is not JSON: 0, and the verdict leaves such windows out.</summary>
    private static double Round(double millis) => double.IsNaN(millis) ? 0 : Math.Round(millis, 1);
}
