namespace LiveChat.Grains.Tests;

/// <summary>State lives in the SQLite file: a whole new cluster on the same folder finds every chat and invite.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Chats_invites_and_transcripts_survive_a_cluster_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N"));
        string queue, chatId, alice, bob, inviteId;
        long lastSeq;
        await using (var first = await Start(folder))
        {
            var directory = new TestDirectory(first.Client);
            queue = await directory.Queue();
            alice = await directory.Agent(queue);
            bob = await directory.Agent(queue);
            chatId = await directory.ActiveChat(queue, alice);
            for (var i = 0; i < 100; i++) await first.Client.Chat(chatId).PostAgentMessage(alice, $"m{i}");
            inviteId = (await first.Client.Chat(chatId).Invite(alice, bob, JoinMode.Monitor)).InviteId;
            lastSeq = (await first.Client.Chat(chatId).GetSnapshot(alice)).LastSeq;
        }

        await using var second = await Start(folder);
        var chat = second.Client.Chat(chatId);
        var snapshot = await chat.GetSnapshot(alice);
        Assert.Equal((ChatStatus.Active, alice, lastSeq), (snapshot.Status, snapshot.AssigneeId, snapshot.LastSeq));
        Assert.Equal(inviteId, Assert.Single(await second.Client.Agent(bob).GetInvites()).InviteId);
        var transcript = await chat.ReadTranscript(alice, 0, 500);
        Assert.Equal(Enumerable.Range(1, (int)lastSeq).Select(i => (long)i), transcript.Entries.Select(e => e.Seq));
        await chat.RespondToInvite(bob, inviteId, InviteAnswer.Monitor);
        // The queue's agent cards, stored on their own when the first cluster shut down.
        Assert.Equal(new[] { alice, bob }.Order(), (await second.Client.Queue(queue).GetInfo())!.Members.Order());
        second.Cluster.DeleteData();
    }

    [Fact]
    public async Task Demo_directory_is_seeded_idempotently()
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N"));
        await using var host = await Start(folder);
        var directory = new TestDirectory(host.Client);
        await directory.SeedDemo();
        await host.Client.Agent("alice").SetPresence(Presence.Online);
        await directory.SeedDemo();

        var alice = await host.Client.Agent("alice").GetSnapshot();
        Assert.Equal(Presence.Online, alice.Presence);
        Assert.True(alice.HasPermission(Permissions.ChatAgent));
        Assert.False((await host.Client.Agent("erin").GetSnapshot()).HasPermission(Permissions.ChatAgent));
        Assert.True((await host.Client.Agent("sam").GetSnapshot()).IsSupervisorOf("billing"));
        var billing = await host.Client.Queue("billing").GetInfo();
        Assert.NotNull(billing);
        Assert.Contains("bob", billing.Members);
        Assert.NotEmpty(billing.Definition.CannedResponses);
        host.Cluster.DeleteData();
    }

    private static async Task<ClusterHandle> Start(string folder)
    {
        var cluster = LiveChatCluster.On(folder, silos: 1);
        await cluster.InitializeAsync();
        return new ClusterHandle(cluster);
    }

    private sealed class ClusterHandle(LiveChatCluster cluster) : IAsyncDisposable
    {
        public LiveChatCluster Cluster => cluster;
        public IClusterClient Client => cluster.Client;
        public async ValueTask DisposeAsync() => await cluster.DisposeAsync();
    }
}
