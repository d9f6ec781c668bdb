namespace LiveChat.Azure.Tests;

using global::Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Silo:Storage=AzureTables chosen by configuration alone: a silo host keeps every grain state in one
/// azurite-table table, so a new host on the same table finds the chat, its transcript and its invite.
/// </summary>
public sealed class AzureTablesSiloTests(AzuriteTableFixture azurite) : IClassFixture<AzuriteTableFixture>, IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "livechat-azure-tests", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task Chat_transcript_and_invite_survive_a_silo_restart_on_Azure_Tables()
    {
        azurite.EnsureAvailable();
        var table = "LiveChat" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Storage"] = "AzureTables",
            ["Silo:AzureTables:ConnectionString"] = azurite.ConnectionString(),
            ["Silo:AzureTables:TableName"] = table,
            ["Silo:ClusterId"] = "azure-" + Guid.NewGuid().ToString("N")[..8],
            // Only to prove that nothing is written there: SQLite would put livechat.db in it.
            ["Silo:DataFolder"] = _dataFolder,
            // Silo:DemoDirectoryPath keeps its default: the demo directory is seeded at the first start.
        };
        var chatId = "azure-" + Guid.NewGuid().ToString("N");
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
            Assert.Contains(await grains.Agent("bob").GetInvites(), i => i.InviteId == invite.InviteId);
        }
        finally
        {
            await first.StopAsync();
            first.Dispose();
        }

        // The state is in the table, and nowhere else.
        var entities = 0;
        await foreach (var _ in new TableClient(azurite.ConnectionString(), table).QueryAsync<TableEntity>(select: ["RowKey"])) entities++;
        Assert.True(entities > 0, $"no entity in table {table}");
        Assert.False(File.Exists(Path.Combine(_dataFolder, "livechat.db")), "a SQLite file was written");

        var second = await SiloHost.Start(settings);
        try
        {
            var grains = second.Services.GetRequiredService<IGrainFactory>();
            var chat = grains.Chat(chatId);

            var after = await chat.GetSnapshot("alice");
            Assert.Equal(ChatStatus.Active, after.Status);
            Assert.Equal("alice", after.AssigneeId);
            Assert.Equal(before.EndUser, after.EndUser);
            Assert.Equal(before.LastSeq, after.LastSeq);
            Assert.Equal(before.CreatedAt, after.CreatedAt);

            var kept = Assert.Single(after.Invites, i => i.InviteId == invite.InviteId);
            Assert.Equal(("bob", "alice", JoinMode.Monitor, InviteStatus.Pending), (kept.InviteeId, kept.InviterId, kept.Mode, kept.Status));
            Assert.Equal(invite.SentAt, kept.SentAt);
            Assert.Equal(invite.ExpiresAt, kept.ExpiresAt);
            Assert.Equal(invite.History, kept.History);
            // The invitee's Invites list (R11) came back too.
            Assert.Contains(await grains.Agent("bob").GetInvites(), i => i.InviteId == invite.InviteId);

            var transcriptAfter = await chat.ReadTranscript("alice", 0, ChatLimits.MaxPageRead);
            Assert.Equal(transcriptBefore.LastSeq, transcriptAfter.LastSeq);
            Assert.Equal(transcriptBefore.Entries, transcriptAfter.Entries);
            Assert.Equal(Messages, transcriptAfter.Entries.Count(e => e.Text.Contains(" message ", StringComparison.Ordinal)));
            Assert.Contains(transcriptAfter.Entries, e => e.Text == "My invoice is wrong");

            // And the chat goes on where it stopped.
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
