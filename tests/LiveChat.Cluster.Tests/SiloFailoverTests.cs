namespace LiveChat.Cluster.Tests;

using System.Diagnostics;
using Orleans.Runtime;
using Xunit.Abstractions;

/// <summary>
/// Three silos on Redis; one is killed with SIGKILL while many chats take messages from clients that
/// retry failed posts with the same idempotency key. Nothing any chat acknowledged is lost, nothing
/// is stored twice, transcripts stay gap-free, and every chat takes a new message within
/// 30 s of the kill (its grain reactivates on a surviving silo once membership declares the dead one).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SiloFailoverTests(RedisServer redis, ITestOutputHelper output)
{
    private const int Chats = 12;
    private const int AcknowledgedBeforeKill = 400;
    private static readonly TimeSpan ContinueWithin = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task A_SIGKILLed_silo_loses_no_acknowledged_message_stores_no_retry_twice_and_every_chat_continues_within_30_s()
    {
        redis.EnsureAvailable();
        var total = Stopwatch.StartNew();
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, output.WriteLine, silos: 3);
        await using var client = await cluster.ConnectClientAsync();
        await cluster.WaitAllActiveAsync(client.Client, TimeSpan.FromSeconds(60));
        cluster.Log("three silos active in membership");

        await using var load = await ChatLoad.StartChatsAsync(client.Client, Chats);
        load.StartWriters(client.Client);
        await load.WaitForAcksAsync(AcknowledgedBeforeKill, TimeSpan.FromSeconds(60));
        var (victim, chatsOnVictim) = await cluster.BusiestChatSiloAsync(client.Client);
        Assert.True(chatsOnVictim > 0, $"No chat grain runs on any silo?\n{cluster.Describe()}");

        // The clock starts once the process is gone: a post started later cannot have been served by it.
        await cluster.KillAsync(victim);
        var killedAt = load.Now;
        cluster.Log($"{victim.Name} hosted {chatsOnVictim} of {Chats} chats; {load.AckCount} posts acknowledged at the kill");

        var latencies = await load.WaitEveryChatAcceptsAsync(killedAt, ContinueWithin);
        cluster.Log("first acknowledged post after the kill, per chat: " +
            string.Join(", ", latencies.Values.Select(l => l is { } t ? $"{t.TotalSeconds:F1}s" : "none")));
        await Wait.UntilAsync(async () => await SiloCluster.StatusAsync(client.Client, victim) == SiloStatus.Dead,
            TimeSpan.FromSeconds(60), () => $"membership never declared {victim.Name} dead\n{cluster.Describe()}");
        cluster.Log($"{victim.Name} is Dead in membership {(load.Now - killedAt).TotalSeconds:F1} s after the kill");

        await load.StopAsync();
        cluster.Log(load.Summary());
        var problems = await load.VerifyAsync(client.Client);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems.Take(30))}\n{load.Summary()}");
        var late = latencies.Where(l => l.Value is null || l.Value > ContinueWithin).ToList();
        Assert.True(late.Count == 0, $"{late.Count} chats took no new message within {ContinueWithin} of the kill: " +
            $"{string.Join(", ", late.Select(l => $"{l.Key} ({l.Value?.TotalSeconds:F1} s)"))}\n{cluster.Describe()}");
        cluster.Log($"total {total.Elapsed.TotalSeconds:F1} s");
    }
}
