namespace LiveChat.Cluster.Tests;

using System.Diagnostics;
using Orleans.Runtime;
using Xunit.Abstractions;

/// <summary>
/// An all-Azure cluster, no Redis anywhere: three silo processes on Azure Table clustering
/// (Silo:Clustering=AzureTables) and our Azure Table grain storage (Silo:Storage=AzureTables) in one
/// azurite-table, the client on Gateway:Cluster:Clustering=AzureTables. One silo is killed with SIGKILL
/// while chats take messages: nothing any chat acknowledged is lost, transcripts stay gap-free, and
/// every chat takes a new message within 30 s of the kill.
/// </summary>
public sealed class AzureTablesFailoverTests(AzuriteServer azurite, ITestOutputHelper output) : IClassFixture<AzuriteServer>
{
    private const int Chats = 9;
    private const int AcknowledgedBeforeKill = 150;
    private static readonly TimeSpan ContinueWithin = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task A_SIGKILLed_silo_on_Azure_Tables_loses_no_acknowledged_message_and_every_chat_continues_within_30_s()
    {
        azurite.EnsureAvailable();
        var total = Stopwatch.StartNew();
        await using var cluster = await SiloCluster.StartAsync(ClusterBackend.AzureTables(azurite.ConnectionString), output.WriteLine, silos: 3);
        Assert.Equal("AzureTables", cluster.SiloEnvironment["Silo__Clustering"]);
        Assert.DoesNotContain(cluster.SiloEnvironment.Keys, k => k.StartsWith("Silo__Redis", StringComparison.Ordinal));
        await using var client = await cluster.ConnectClientAsync();
        await cluster.WaitAllActiveAsync(client.Client, TimeSpan.FromSeconds(60));
        cluster.Log("three silos active in the Azure Table membership");

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
        cluster.Log($"{victim.Name} is Dead in the Azure Table membership {(load.Now - killedAt).TotalSeconds:F1} s after the kill");

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
