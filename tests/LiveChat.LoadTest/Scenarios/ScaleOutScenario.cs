namespace LiveChat.LoadTest.Scenarios;

using LiveChat.Testing.Processes;

/// <summary>
/// The message path (<see cref="MessageLoad"/>) on one silo process against several silo processes
/// of one Redis cluster, each a fresh cluster on this machine. On shared cores more silos add no
/// capacity, only cost (calls hop between silos, more processes compete), so the target is that
/// throughput does not collapse, and the ratio is reported as measured.
/// </summary>
public static class ScaleOutScenario
{
    /// <summary>The measurement, or null when redis-server is missing outside CI (the scenario is skipped).</summary>
    public static async Task<Measurement?> Run(LoadOptions options)
    {
        if (RedisProcess.FindExecutable() is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"CI=true and {RedisProcess.NotInstalled} The scaleout scenario needs it.");
            Console.WriteLine($"scaleout skipped: {RedisProcess.NotInstalled}");
            return null;
        }
        var silos = options.ScaleOutSilos;
        var one = await Phase(1, options);
        var many = await Phase(silos, options);
        var ratio = many.Messages / one.Messages;
        return new Measurement($"Scale-out: message path on {silos} silos vs 1", "messages/s", many.Messages, "same path on 1 silo", one.Messages, ratio,
            "no collapse (≥ 0.5)", ratio >= 0.5,
            $"silo processes with Redis clustering and grain state (AOF, fsync always); all {silos} silos, Redis and the client share " +
            $"{Environment.ProcessorCount} cores; empty grain call {one.Pings:N0}/s on 1 silo, {many.Pings:N0}/s on {silos}; " +
            $"{options.Chats} chats, {options.Concurrency} in flight, {one.Failed + many.Failed} failed");
    }

    /// <summary>A fresh cluster of <paramref name="silos"/> silos, measured, then killed before the next one starts.</summary>
    private static async Task<MessageLoad.Result> Phase(int silos, LoadOptions options)
    {
        var started = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.Start(silos);
        Console.WriteLine($"  {silos} silo(s) active after {started.Elapsed.TotalSeconds:F1} s");
        MessageLoad.Result run;
        try
        {
            run = await MessageLoad.Measure(cluster.Client, options);
        }
        catch
        {
            Console.Error.WriteLine(cluster.Describe());
            throw;
        }
        Console.WriteLine($"  {silos} silo(s): {run.Messages:N0} messages/s ({run.Failed} failed), {run.Pings:N0} empty grain calls/s");
        // Failed calls are counted, not thrown: the silos' output tells why.
        var broken = !(run.Messages > 0) || !(run.Pings > 0);
        if (run.Failed > 0 || broken) Console.Error.WriteLine(cluster.Describe());
        // A cluster that served nothing (a silo died, say) would make a ratio out of nothing.
        if (broken) throw new InvalidOperationException($"The {silos}-silo cluster served {run.Messages:N0} messages/s and {run.Pings:N0} empty calls/s: nothing to compare.");
        return run;
    }
}
