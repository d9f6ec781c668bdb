namespace LiveChat.Grains.Tests;

using System.Text;

/// <summary>
/// E8 on the real SQLite file: after an erasure, neither the database file nor its write-ahead log
/// holds any byte of what the erased chat said, read raw while the silo still runs (secure_delete
/// zeroed the freed space; the log was truncated after the clear).
/// </summary>
[Collection(LiveChatCollection.Name)]
public sealed class ErasureStorageTests
{
    [Fact]
    public async Task E8_after_erasure_the_raw_SQLite_file_and_its_log_hold_nothing_of_the_erased_chat()
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N"));
        var cluster = LiveChatCluster.On(folder);
        await cluster.InitializeAsync();
        try
        {
            var directory = new TestDirectory(cluster.Client);
            var queue = await directory.Queue();
            var agent = await directory.Agent(queue);
            var admin = await directory.Admin();
            var marker = "erase-me-" + Guid.NewGuid().ToString("N");
            var endUser = new EndUserInfo(TestDirectory.NewId("eu"), "Erin Erasable");
            var chatId = TestDirectory.NewId("chat");
            var chat = cluster.Client.Chat(chatId);
            await chat.Start(new StartChatRequest(queue, endUser, $"First words {marker}"));
            await chat.Accept(agent);
            // Enough lines to seal transcript pages, a file whose name carries the marker, a side note.
            for (var i = 0; i < 40; i++)
            {
                if (i % 2 == 0) await chat.PostEndUserMessage(endUser.EndUserId, $"Line {i} {marker}");
                else await chat.PostAgentMessage(agent, $"Reply {i} {marker}");
            }
            await chat.AddEndUserAttachment(endUser.EndUserId, new AttachmentInfo("att-1", $"scan-{marker}.pdf", "application/pdf", 10));
            await chat.AddSideNote(agent, $"Internal {marker}");
            await chat.End(agent);
            Assert.True(StorageHolds(folder, marker), "The marker should be in the file before erasure (else this test proves nothing).");

            var report = await cluster.Client.DataProtection()
                .Erase(admin, new DataSubject(EndUserId: endUser.EndUserId));

            Assert.Equal(chatId, Assert.Single(report.Erased).ChatId);
            Assert.False(StorageHolds(folder, marker), "An erased chat's text is still in the SQLite file or its log.");
            Assert.False(StorageHolds(folder, "Erin Erasable"), "An erased end user's name is still in the SQLite file or its log.");
        }
        finally
        {
            await cluster.DisposeAsync();
            cluster.DeleteData();
        }
    }

    /// <summary>Whether the database file or its log holds the text (UTF-8, as Orleans' serializer writes strings), read raw.</summary>
    private static bool StorageHolds(string folder, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var path in new[] { "livechat.db", "livechat.db-wal" }.Select(name => Path.Combine(folder, name)).Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            if (copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(needle) >= 0) return true;
        }
        return false;
    }
}
