namespace LiveChat.LoadTest.Scenarios;

/// <summary>
/// The message path (<see cref="MessageLoad"/>) on the in-process silo, against an empty grain call
/// through the same Orleans client.
/// </summary>
public static class MessagePathScenario
{
    public static async Task<Measurement> Run(BenchCluster cluster, LoadOptions options)
    {
        var run = await MessageLoad.Measure(cluster.Client, options);
        var ratio = run.Messages / run.Pings;
        return new Measurement("Message path (durable, fan-out to 3 + subscriber)", "messages/s", run.Messages, "empty grain call", run.Pings, ratio,
            "≥ 0.25", ratio >= 0.25, $"{options.Chats} chats, {options.Concurrency} in flight, {run.Failed} failed, {run.Pushes} pushes received");
    }
}
