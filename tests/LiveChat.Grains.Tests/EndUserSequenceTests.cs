namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;

/// <summary>
/// What the end user can infer: its sequence numbers count only what it sees (gap-free, the same
/// in pushes and reads, across many transcript pages), and agents appear to it under per-chat
/// aliases, never their sign-in ids.
/// </summary>
public sealed class EndUserSequenceTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task EndUser_sequence_is_gap_free_over_hidden_entries_and_reads_agree_with_pushes_across_pages()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague(systemNotifications: false);
        var endUser = TestDirectory.EndUserOf(chatId);
        var pushes = await Client.RecordChat(chatId);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);
        // Hidden entries between every visible one, over several pages.
        for (var i = 0; i < 4 * TranscriptPaging.PageSize; i++)
        {
            await Chat(chatId).PostEndUserMessage(endUser, $"user {i}");
            await Chat(chatId).AddSideNote(alice, $"note {i}");
            if (i % 3 == 0) await Chat(chatId).PinArticle(alice, "kb-1");
            if (i % 3 == 0) await Chat(chatId).UnpinArticle(alice, "kb-1");
            await Chat(chatId).PostAgentMessage(alice, $"agent {i}");
        }

        var view = await Chat(chatId).GetEndUserView(endUser);
        var all = await ReadAllAsEndUser(chatId, 0, 7);
        Assert.Equal(Enumerable.Range(1, (int)view.LastSeq).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.All(all, e => Assert.Equal(Visibility.Everyone, e.Visibility));
        var agents = await Chat(chatId).ReadTranscript(alice, 0, 500);
        Assert.True(agents.LastSeq > view.LastSeq + 4 * TranscriptPaging.PageSize, "hidden entries were written");

        // Reading after any public number continues exactly there, whichever page it lies in.
        foreach (var after in new long[] { 1, 2, TranscriptPaging.PageSize - 1, TranscriptPaging.PageSize, TranscriptPaging.PageSize + 3, 2 * TranscriptPaging.PageSize, view.LastSeq - 1, view.LastSeq })
        {
            var rest = await ReadAllAsEndUser(chatId, after, 5);
            Assert.Equal(all.Where(e => e.Seq > after).Select(e => (e.Seq, e.Text)), rest.Select(e => (e.Seq, e.Text)));
        }

        // The pushed end-user form of each entry carries the same number as the read.
        var last = await pushes.WaitFor<ChatEvent>(e => e.EndUserEntry?.Seq == view.LastSeq);
        Assert.Equal(all[^1].Text, last.EndUserEntry!.Text);
        var pushed = pushes.ChatEvents.Where(e => e.EndUserEntry is not null).Select(e => (e.EndUserEntry!.Seq, e.EndUserEntry.Text)).ToList();
        Assert.Equal(all.Where(e => e.Seq > all.Count - pushed.Count).Select(e => (e.Seq, e.Text)), pushed);
        Assert.All(pushes.ChatEvents.Where(e => e.Entry.Visibility != Visibility.Everyone), e => Assert.Null(e.EndUserEntry));

        // The chat keeps one index value per sealed page, and it says where each page starts.
        var stored = Cluster.Writes.LastWritten<ChatState>("chat", chatId)!;
        Assert.True(stored.SealedPages >= 8);
        Assert.Equal(stored.SealedPages, stored.PublicSeqBeforePage.Count);
        Assert.Equal(0, stored.PublicSeqBeforePage[0]);
        Assert.Equal(stored.PublicSeqBeforePage.Order(), stored.PublicSeqBeforePage);
    }

    [Fact]
    public async Task EndUser_never_sees_agent_sign_in_ids_in_its_view_transcript_or_pushes()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        var pushes = await Client.RecordChat(chatId);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);
        await Chat(chatId).PostAgentMessage(bob, "Bob here");
        await Chat(chatId).PostAgentMessage(alice, "And Alice");
        await Chat(chatId).Leave(bob);

        var view = await Chat(chatId).GetEndUserView(endUser);
        var transcript = await Chat(chatId).ReadEndUserTranscript(endUser, 0, 500);
        await pushes.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.Left);
        var pushed = pushes.ChatEvents.Select(e => e.EndUserEntry).OfType<TranscriptEntry>().ToList();
        foreach (var id in new[] { alice, bob })
        {
            Assert.DoesNotContain(id, view.AgentsInChat);
            Assert.DoesNotContain(transcript.Entries.Concat(pushed), e => e.Actor.Id == id || e.RefId == id);
        }
        // Each agent has one alias in this chat, with its name: the end user can tell them apart.
        var aliceAlias = Assert.Single(view.AgentsInChat);
        Assert.Equal(["Alice Archer"], view.AgentNames);
        var fromAlice = Assert.Single(transcript.Entries, e => e.Text == "And Alice");
        var fromBob = Assert.Single(transcript.Entries, e => e.Text == "Bob here");
        Assert.Equal((aliceAlias, "Alice Archer"), (fromAlice.Actor.Id, fromAlice.Actor.Name));
        Assert.Equal("Bob Baker", fromBob.Actor.Name);
        Assert.NotEqual(aliceAlias, fromBob.Actor.Id);
        Assert.Equal(fromBob.Actor.Id, Assert.Single(transcript.Entries, e => e.Kind == EntryKind.Left).RefId);
        Assert.Equal(fromAlice.Actor.Id, (await Chat(chatId).EnsureMayChatSeenByEndUser(alice)).Id);

        // Aliases are per chat: the same agent is someone else to another chat's end user.
        var other = await Directory.ActiveChat((await Chat(chatId).GetSnapshot(alice)).QueueId, alice);
        Assert.NotEqual(aliceAlias, Assert.Single((await Chat(other).GetEndUserView(TestDirectory.EndUserOf(other))).AgentsInChat));
    }

    [Fact]
    public async Task EndUser_sequence_of_a_chat_stored_before_public_numbering_is_counted_once_and_continues()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        for (var i = 0; i < 2 * TranscriptPaging.PageSize + 3; i++)
        {
            await Chat(chatId).PostEndUserMessage(endUser, $"old {i}");
            await Chat(chatId).AddSideNote(alice, $"old note {i}");
        }
        var before = await ReadAllAsEndUser(chatId, 0, 500);
        var sealedPages = Cluster.Writes.LastWritten<ChatState>("chat", chatId)!.SealedPages;
        await Client.Deactivate(Chat(chatId));
        // As earlier builds stored it: no public numbers anywhere, no salt, no index.
        await Cluster.RewriteStoredState<ChatState>("chat", Chat(chatId).GetGrainId(), s =>
        {
            s.PublicNumbered = false;
            s.AliasSalt = null;
            s.LastPublicSeq = 0;
            s.PublicSeqBeforePage = [];
            s.AgentNames = [];
            s.Tail = s.Tail.Select(e => e with { PublicSeq = null }).ToList();
        });
        for (var page = 0; page < sealedPages; page++)
            await Cluster.RewriteStoredState<TranscriptPageState>("transcript-page",
                Client.TranscriptPage(TranscriptPaging.PageKey(chatId, page)).GetGrainId(),
                s => s.Entries = s.Entries.Select(e => e with { PublicSeq = null }).ToList());
        foreach (var page in Enumerable.Range(0, sealedPages))
            await Client.Deactivate(Client.TranscriptPage(TranscriptPaging.PageKey(chatId, page)));

        var numbered = await ReadAllAsEndUser(chatId, 0, 500);
        Assert.Equal(before.Select(e => (e.Seq, e.Text)), numbered.Select(e => (e.Seq, e.Text)));
        var next = await Chat(chatId).PostEndUserMessage(endUser, "new");
        Assert.Equal(before[^1].Seq + 1, next.Seq);
        var after = await ReadAllAsEndUser(chatId, before[^3].Seq, 2);
        Assert.Equal([before[^2].Seq, before[^1].Seq, next.Seq], after.Select(e => e.Seq));
        Assert.DoesNotContain(alice, (await Chat(chatId).GetEndUserView(endUser)).AgentsInChat);
    }

    private async Task<List<TranscriptEntry>> ReadAllAsEndUser(string chatId, long after, int pageSize)
    {
        var entries = new List<TranscriptEntry>();
        for (var guard = 0; guard < 1000; guard++)
        {
            var slice = await Chat(chatId).ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), after, pageSize);
            entries.AddRange(slice.Entries);
            if (!slice.HasMore) return entries;
            Assert.True(slice.LastSeq > after);
            after = slice.LastSeq;
        }
        throw new InvalidOperationException("The end user's transcript never ended.");
    }
}
