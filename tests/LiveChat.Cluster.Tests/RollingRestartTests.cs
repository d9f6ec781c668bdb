namespace LiveChat.Cluster.Tests;

using System.Diagnostics;
using Orleans.Runtime;
using Xunit.Abstractions;

/// <summary>
/// Every silo of a three-silo cluster is stopped gracefully (SIGTERM) and replaced, one at a time,
/// while many chats take messages: each leaves the cluster cleanly (exit code 0, Dead in
/// membership at once), the remaining silos keep serving every chat, and no acknowledged message is lost.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RollingRestartTests(RedisServer redis, ITestOutputHelper output)
{
    private const int Chats = 12;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ContinueWithin = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task A_rolling_SIGTERM_restart_of_every_silo_leaves_cleanly_and_loses_no_acknowledged_message()
    {
        redis.EnsureAvailable();
        var total = Stopwatch.StartNew();
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, output.WriteLine, silos: 3);
        await using var client = await cluster.ConnectClientAsync();
        await cluster.WaitAllActiveAsync(client.Client, TimeSpan.FromSeconds(60));

        await using var load = await ChatLoad.StartChatsAsync(client.Client, Chats);
        load.StartWriters(client.Client);
        await load.WaitForAcksAsync(200, TimeSpan.FromSeconds(60));

        foreach (var silo in cluster.Running.ToList())
        {
            var exitCode = await cluster.StopAsync(silo, StopTimeout);
            Assert.True(exitCode == 0, $"{silo.Name} should exit cleanly (0) on SIGTERM, not {exitCode}.\n{silo.Describe()}");
            Assert.True(silo.ErrorLines.Count == 0, $"{silo.Name} logged errors while it ran and stopped:\n{string.Join("\n", silo.ErrorLines)}");

            // It left the cluster: membership says so without waiting for failure detection.
            await Wait.UntilAsync(async () => await SiloCluster.StatusAsync(client.Client, silo) == SiloStatus.Dead,
                TimeSpan.FromSeconds(10), () => $"membership does not show {silo.Name} dead after its graceful stop\n{cluster.Describe()}");

            // The remaining silos serve every chat, including those that ran on the stopped silo.
            var since = load.Now;
            var latencies = await load.WaitEveryChatAcceptsAsync(since, ContinueWithin);
            var late = latencies.Where(l => l.Value is null || l.Value > ContinueWithin).Select(l => l.Key).ToList();
            Assert.True(late.Count == 0, $"After {silo.Name} left, {late.Count} chats took no message within {ContinueWithin}: " +
                $"{string.Join(", ", late)}\n{load.Summary()}\n{cluster.Describe()}");
            cluster.Log($"after {silo.Name} left, every chat took a message within " +
                $"{latencies.Values.Max()!.Value.TotalSeconds:F1} s; {load.Summary()}");

            var replacement = await cluster.StartSiloAsync();
            await cluster.WaitAllActiveAsync(client.Client, TimeSpan.FromSeconds(60));
            cluster.Log($"{replacement.Name} replaced {silo.Name}");
        }

        await load.StopAsync();
        cluster.Log(load.Summary());
        var problems = await load.VerifyAsync(client.Client);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems.Take(30))}\n{load.Summary()}");
        cluster.Log($"total {total.Elapsed.TotalSeconds:F1} s");
    }
}
