namespace LiveChat.Grains.Tests;

using System.Diagnostics;
using LiveChat.Grains.Chat;

/// <summary>
/// A sealed transcript page is written once and read rarely: its activation must not stay in
/// memory for Orleans' default collection age (2 hours). Before this, every page a chat sealed
/// (one per 16 messages) stayed active, and a silo's memory grew with the messages it carried.
/// </summary>
public sealed class TranscriptPageActivationTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_sealed_page_deactivates_once_stored_and_is_read_back_from_storage()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        for (var i = 0; i < 2 * TranscriptPaging.PageSize + 3; i++) await Chat(chatId).PostAgentMessage(alice, $"message {i}");
        var pages = new[] { TranscriptPaging.PageKey(chatId, 0), TranscriptPaging.PageKey(chatId, 1) };

        await WaitUntilInactive(pages, chatId);

        // Deactivated, not lost: the transcript still reads every entry, the sealed ones from storage.
        var slice = await Chat(chatId).ReadTranscript(alice, 0, 100);
        Assert.Contains(slice.Entries, e => e.Text == "message 0");
        Assert.Contains(slice.Entries, e => e.Text == $"message {2 * TranscriptPaging.PageSize + 2}");
        Assert.Equal(slice.LastSeq, slice.Entries[^1].Seq);
    }

    private async Task WaitUntilInactive(IReadOnlyCollection<string> pageKeys, string chatId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var keys = await ActiveKeys();
            // The query sees activations: the chat that sealed the pages is one of them.
            Assert.Contains(chatId, keys);
            var active = pageKeys.Where(keys.Contains).ToList();
            if (active.Count == 0) return;
            Assert.True(waited.Elapsed < Timeout, $"Sealed pages still active after {Timeout.TotalSeconds} s: {string.Join(", ", active)}");
            // Deactivation is asynchronous (after the call that stored the page returned): poll its end.
            await Task.Delay(100);
        }
    }

    /// <summary>The keys of every activation in the cluster, on every silo.</summary>
    private async Task<HashSet<string>> ActiveKeys() =>
        [.. (await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Select(s => s.GrainId.Key.ToString()!)];
}
