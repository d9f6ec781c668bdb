namespace LiveChat.LoadTest.Scenarios;

/// <summary>
/// The message path and the HTTP POST once more, on a fresh in-process cluster whose grain state
/// goes to <see cref="NoCopyMemoryStorage"/>: the same grains, rules and pushes with the durable
/// write taken away. What these rows show is the most any storage engine could give the two
/// durable rows (its ratios are the ceiling of theirs); they are diagnostics with no target.
/// </summary>
public static class CeilingScenario
{
    private const string Prefix = "Ceiling, storage that stores nothing: ";

    public static async Task<List<Measurement>> Run(LoadOptions options)
    {
        var started = Stopwatch.StartNew();
        await using var cluster = await BenchCluster.Start(storeNothing: true);
        Console.WriteLine($"  cluster storing nothing started in {started.Elapsed.TotalSeconds:F1} s");
        var message = await MessagePathScenario.Run(cluster, options);
        // The POST row only: the GET diagnostic writes nothing either way.
        var post = (await HttpScenario.Run(cluster, options))[0];
        return [AsCeiling(message), AsCeiling(post)];
    }

    private static Measurement AsCeiling(Measurement durable) => durable with
    {
        Name = Prefix + durable.Name.Replace("(durable, ", "(", StringComparison.Ordinal),
        Target = "—",
        Met = true,
        Notes = $"{durable.Notes}; no serialization, no I/O, nothing kept across a restart: the most a durable write could leave of the row's ratio (its target: {durable.Target})",
    };
}
