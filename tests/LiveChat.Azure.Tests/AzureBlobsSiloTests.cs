namespace LiveChat.Azure.Tests;

using global::Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Silo:Storage=AzureBlobs chosen by configuration alone: Orleans' Blob provider keeps every grain state in one
/// azurite-blob container, in Orleans' binary format (not the provider's default JSON), so a new host on the same
/// container finds the chat, its transcript pages and its invite.
/// </summary>
// A storage account has blob and table services; Azurite runs them as two processes, so the account's
// connection string names both endpoints (the silo keeps its reminders in the account's tables).
public sealed class AzureBlobsSiloTests(AzuriteBlobFixture azurite, AzuriteTableFixture tables)
    : IClassFixture<AzuriteBlobFixture>, IClassFixture<AzuriteTableFixture>, IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "livechat-azure-tests", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task Chat_transcript_and_invite_survive_a_silo_restart_on_Azure_Blobs_in_the_binary_format()
    {
        azurite.EnsureAvailable();
        tables.EnsureAvailable();
        var account = azurite.ConnectionString() + tables.ConnectionString().Split(';').Single(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal)) + ";";
        var container = "livechat-" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Storage"] = "AzureBlobs",
            ["Silo:AzureBlobs:ConnectionString"] = account,
            ["Silo:AzureBlobs:ContainerName"] = container,
            ["Silo:ClusterId"] = "azure-" + Guid.NewGuid().ToString("N")[..8],
            // Only to prove that nothing is written there: SQLite would put livechat.db in it.
            ["Silo:DataFolder"] = _dataFolder,
        };
        var chatId = "blobs-" + Guid.NewGuid().ToString("N");
        var endUserId = "u-" + Guid.NewGuid().ToString("N")[..16];
        const int Messages = 70; // more than a transcript page (64): full pages move to page grains

        Invite invite;
        ChatSnapshot before;
        TranscriptSlice transcriptBefore;
        var first = await SiloHost.Start(settings);
        try
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            await grains.Agent("alice").SetPresence(Presence.Online);
            await grains.Agent("bob").SetPresence(Presence.Online);
            var chat = grains.Chat(chatId);
            await chat.Start(new StartChatRequest("billing", new EndUserInfo(endUserId, "Pat Customer"), "My invoice is wrong"));
            await chat.Accept("alice");
            for (var i = 1; i <= Messages; i++)
            {
                if (i % 2 == 0) await chat.PostAgentMessage("alice", $"agent message {i}");
                else await chat.PostEndUserMessage(endUserId, $"customer message {i}");
            }
            invite = await chat.Invite("alice", "bob", JoinMode.Monitor);
            before = await chat.GetSnapshot("alice");
            transcriptBefore = await chat.ReadTranscript("alice", 0, ChatLimits.MaxPageRead);
        }
        finally
        {
            await first.StopAsync();
            first.Dispose();
        }

        // The state is in the container, in Orleans' binary format (JSON would start with '{'), and nowhere else.
        var blobs = new BlobContainerClient(azurite.ConnectionString(), container);
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync()) names.Add(blob.Name);
        var chatBlob = Assert.Single(names, n => n.Contains(chatId, StringComparison.Ordinal) && !n.Contains("page", StringComparison.OrdinalIgnoreCase));
        var content = (await blobs.GetBlobClient(chatBlob).DownloadContentAsync()).Value.Content.ToArray();
        Assert.NotEmpty(content);
        Assert.NotEqual((byte)'{', content[0]);
        Assert.False(File.Exists(Path.Combine(_dataFolder, "livechat.db")), "a SQLite file was written");

        var second = await SiloHost.Start(settings);
        try
        {
            var grains = second.Services.GetRequiredService<IGrainFactory>();
            var chat = grains.Chat(chatId);
            var after = await chat.GetSnapshot("alice");
            Assert.Equal(ChatStatus.Active, after.Status);
            Assert.Equal("alice", after.AssigneeId);
            Assert.Equal(before.LastSeq, after.LastSeq);
            Assert.Equal(before.CreatedAt, after.CreatedAt);
            Assert.Contains(after.Invites, i => i.InviteId == invite.InviteId);
            Assert.Contains(await grains.Agent("bob").GetInvites(), i => i.InviteId == invite.InviteId);

            var transcriptAfter = await chat.ReadTranscript("alice", 0, ChatLimits.MaxPageRead);
            Assert.Equal(transcriptBefore.Entries, transcriptAfter.Entries);
            var next = await chat.PostAgentMessage("alice", "after the restart");
            Assert.Equal(before.LastSeq + 1, next.Seq);
        }
        finally
        {
            await second.StopAsync();
            second.Dispose();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
