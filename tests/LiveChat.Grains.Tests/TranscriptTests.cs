namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;

/// <summary>The append-only, paged transcript: gap-free sequence numbers, "entries after N", bounded state.</summary>
public sealed class TranscriptTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task Transcript_reads_after_any_sequence_number_across_pages()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        var written = new List<TranscriptEntry>();
        for (var i = 0; i < 3 * TranscriptPaging.PageSize + 7; i++)
            written.Add(i % 2 == 0 ? await Chat(chatId).PostEndUserMessage(endUser, $"user {i}") : await Chat(chatId).PostAgentMessage(alice, $"agent {i}"));

        var last = written[^1].Seq;
        Assert.Equal(Enumerable.Range((int)written[0].Seq, written.Count).Select(i => (long)i), written.Select(e => e.Seq));
        foreach (var after in new long[] { 0, 1, TranscriptPaging.PageSize - 1, TranscriptPaging.PageSize, TranscriptPaging.PageSize + 1, last - 3, last })
        {
            var all = await ReadAll(chatId, alice, after, pageSize: 50);
            Assert.Equal(Enumerable.Range((int)after + 1, (int)(last - after)).Select(i => (long)i), all.Select(e => e.Seq));
        }
        var tail = await Chat(chatId).ReadTranscript(alice, last, 10);
        Assert.Empty(tail.Entries);
        Assert.False(tail.HasMore);
        Assert.Equal(last, tail.LastSeq);
    }

    [Fact]
    public async Task Transcript_of_a_chat_stored_before_page_sizes_were_recorded_keeps_its_64_entry_pages()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        await Client.Deactivate(Chat(chatId));
        // As the first builds stored it: 64-entry pages, no page size in the state.
        await Cluster.RewriteStoredState<ChatState>("chat", Chat(chatId).GetGrainId(), s => s.PageSize = 0);

        for (var i = 0; i < TranscriptPaging.LegacyPageSize + 5; i++) await Chat(chatId).PostAgentMessage(alice, $"message {i}");

        var stored = Cluster.Writes.LastWritten<ChatState>("chat", chatId)!;
        Assert.Equal(0, stored.PageSize);
        Assert.Equal(1, stored.SealedPages);
        var last = stored.LastSeq;
        foreach (var after in new long[] { 0, TranscriptPaging.PageSize, TranscriptPaging.PageSize + 1, TranscriptPaging.LegacyPageSize - 1, TranscriptPaging.LegacyPageSize, last - 1 })
        {
            var all = await ReadAll(chatId, alice, after, pageSize: 30);
            Assert.Equal(Enumerable.Range((int)after + 1, (int)(last - after)).Select(i => (long)i), all.Select(e => e.Seq));
        }
    }

    private async Task<List<TranscriptEntry>> ReadAll(string chatId, string agentId, long after, int pageSize)
    {
        var entries = new List<TranscriptEntry>();
        while (true)
        {
            var slice = await Chat(chatId).ReadTranscript(agentId, after, pageSize);
            entries.AddRange(slice.Entries);
            after = slice.LastSeq;
            if (!slice.HasMore) return entries;
        }
    }

    [Fact]
    public async Task Transcript_state_written_per_message_stays_bounded_as_the_chat_grows()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var sizes = new List<int>();
        for (var i = 0; i < 5 * TranscriptPaging.PageSize; i++)
        {
            await Chat(chatId).PostAgentMessage(alice, $"message {i}");
            sizes.Add(Cluster.Writes.LastWritten<ChatState>("chat", chatId)!.Tail.Count);
        }
        // The chat writes only its open page: never more than a page, however long the chat.
        Assert.All(sizes, s => Assert.InRange(s, 0, TranscriptPaging.PageSize - 1));
        Assert.Contains(0, sizes);
    }

    [Fact]
    public async Task Transcript_refuses_a_negative_position_and_empty_or_oversized_text()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        await Refused("A11", RefusalKind.Invalid, () => Chat(chatId).ReadTranscript(alice, -1, 10));
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Invalid, () => Chat(chatId).PostAgentMessage(alice, "   "));
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Invalid, () => Chat(chatId).PostAgentMessage(alice, new string('x', ChatLimits.MaxTextLength + 1)));
        await RefusedAndUnchanged(chatId, alice, "A7", RefusalKind.Invalid, () => Chat(chatId).PostEndUserMessage(TestDirectory.EndUserOf(chatId), ""));
        await RefusedAndUnchanged(chatId, alice, "A2", RefusalKind.Invalid, () => Chat(chatId).AddSideNote(alice, new string('x', ChatLimits.MaxTextLength + 1)));
        var longest = await Chat(chatId).PostAgentMessage(alice, new string('x', ChatLimits.MaxTextLength));
        Assert.Equal(ChatLimits.MaxTextLength, longest.Text.Length);
    }

    [Fact]
    public async Task Every_chat_event_carries_its_sequence_number_in_order()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var console = await Client.RecordChat(chatId);
        var posted = new List<long>();
        for (var i = 0; i < 20; i++) posted.Add((await Chat(chatId).PostAgentMessage(alice, $"m{i}")).Seq);
        foreach (var seq in posted) await console.WaitFor<ChatEvent>(e => e.Entry.Seq == seq);
        // Each entry pushed exactly once with its number. Orleans does not promise the order of
        // one-way notifications (the first two to a new observer reference were seen swapped),
        // so consoles place entries by sequence number, as the web transcript does.
        Assert.Equal(posted, console.ChatEvents.Select(e => e.Entry.Seq).Order());
    }
}
