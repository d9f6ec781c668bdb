namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;
using LiveChat.Grains.Common;
using LiveChat.Grains.Retention;

/// <summary>
/// Retention and erasure (docs/rules.md E1-E8) through the grains: the queue's sweep on the fake
/// clock and on its reminder after a restart, erasure and export requests for one end user, the
/// tombstone, the audit lines and the bounds. The kit's sweep reminder ticks every second on the
/// real clock, so a test that moves time waits for the erasure rather than racing the reminder.
/// </summary>
[Collection(LiveChatCollection.Name)]
public sealed class RetentionTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task E1_an_ended_chat_is_erased_with_its_pages_once_its_queues_retention_passed_and_not_before()
    {
        var (queue, agent, admin) = await People();
        await Retention(queue).SetPolicy(admin, 30);
        var marker = Marker();
        var chatId = await EndedChat(queue, agent, Anonymous(), marker, messages: 40);
        var stored = await StoredChat(chatId);
        Assert.True(stored.SealedPages >= 2);

        Cluster.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await Retention(queue).Sweep()).Erased);
        Assert.Null((await Chat(chatId).PeekRetention()).Tombstone);

        Cluster.Clock.Advance(TimeSpan.FromDays(2));
        await Retention(queue).Sweep();
        var tombstone = await UntilErased(chatId);
        Assert.Equal(ErasureReason.Retention, tombstone.Reason);
        for (var page = 0; page < stored.SealedPages; page++)
        {
            var pageState = await Cluster.ReadStoredState<TranscriptPageState>("transcript-page",
                Client.TranscriptPage(TranscriptPaging.PageKey(chatId, page)).GetGrainId());
            Assert.Empty(pageState.Entries);
        }
        var policy = await Retention(queue).GetPolicy(admin);
        Assert.Equal((30, false), (policy.Days, policy.IsDefault));
        Assert.True(policy.ErasedChats >= 1);
    }

    [Fact]
    public async Task E1_after_a_restart_the_sweep_reminder_erases_a_due_chat_without_anyone_calling()
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N"));
        string chatId;
        var first = LiveChatCluster.On(folder);
        await first.InitializeAsync();
        try
        {
            var directory = new TestDirectory(first.Client);
            var queue = await directory.Queue();
            var agent = await directory.Agent(queue);
            var admin = await directory.Admin();
            await first.Client.QueueRetention(queue).SetPolicy(admin, 1);
            chatId = await directory.ActiveChat(queue, agent, "Please erase me later");
            await first.Client.Chat(chatId).End(agent);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // A new cluster on the file: its clock starts where the first one's did; nobody calls the queue or the chat.
        var second = LiveChatCluster.On(folder);
        await second.InitializeAsync();
        try
        {
            second.Clock.Advance(TimeSpan.FromDays(2));
            var chatGrain = second.Client.Chat(chatId).GetGrainId();
            using var timeout = new CancellationTokenSource(Patience);
            while ((await second.ReadStoredState<ChatState>("chat", chatGrain)).Tombstone is null)
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            var stored = await second.ReadStoredState<ChatState>("chat", chatGrain);
            Assert.Equal(ErasureReason.Retention, stored.Tombstone!.Reason);
            Assert.Empty(stored.Tail);
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }
    }

    [Fact]
    public async Task E1_retention_outside_1_to_3650_days_or_of_an_unknown_queue_is_refused_and_a_non_admin_is_forbidden()
    {
        var (queue, agent, admin) = await People();
        await Refused(Rules.E1, RefusalKind.Invalid, () => Retention(queue).SetPolicy(admin, 0));
        await Refused(Rules.E1, RefusalKind.Invalid, () => Retention(queue).SetPolicy(admin, 3651));
        await Refused(Rules.E1, RefusalKind.NotFound, () => Retention(TestDirectory.NewId("nowhere")).SetPolicy(admin, 10));
        await Refused(Rules.Admin, RefusalKind.Forbidden, () => Retention(queue).SetPolicy(agent, 10));
        var policy = await Retention(queue).GetPolicy(admin);
        Assert.Equal((365, true), (policy.Days, policy.IsDefault));
    }

    [Fact]
    public async Task E2_an_erased_chat_keeps_only_a_tombstone_refuses_every_call_and_cannot_be_started_again()
    {
        var (queue, agent, admin) = await People();
        var subject = Anonymous();
        var marker = Marker();
        var chatId = await EndedChat(queue, agent, subject, marker, messages: 3);
        var before = await Chat(chatId).GetSnapshot(agent);

        var report = await DataProtection.Erase(admin, new DataSubject(EndUserId: subject.EndUserId));

        var tombstone = Assert.Single(report.Erased);
        Assert.Equal((chatId, queue, before.CreatedAt, ErasureReason.Request), (tombstone.ChatId, tombstone.QueueId, tombstone.CreatedAt, tombstone.Reason));
        Assert.NotNull(tombstone.EndedAt);
        await Refused(Rules.E2, RefusalKind.NotFound, () => Chat(chatId).GetSnapshot(agent));
        await Refused(Rules.E2, RefusalKind.NotFound, () => Chat(chatId).ReadEndUserTranscript(subject.EndUserId, 0, 10));
        await Refused(Rules.E2, RefusalKind.Conflict, () => Chat(chatId).Start(new StartChatRequest(queue, subject, "again")));
        var stored = await StoredChat(chatId);
        Assert.Equal(tombstone, stored.Tombstone);
        Assert.Equal(("", "", 0, 0), (stored.EndUser.EndUserId, stored.EndUser.DisplayName, stored.Tail.Count, stored.Attachments.Count));
        Assert.Null(stored.Preview);
        // Erasing again answers the same tombstone and changes nothing.
        Assert.Equal(tombstone, await Chat(chatId).Erase(ErasureReason.Request));
    }

    [Fact]
    public async Task E3_E4_an_identified_visitor_is_erased_only_once_none_of_its_chats_waits_or_is_active_and_then_entirely()
    {
        var (queue, agent, admin) = await People();
        var site = TestDirectory.NewId("shop");
        var visitor = new EndUserInfo(TestDirectory.NewId("eu"), "Vera Visitor", new VerifiedVisitor(site, "customer-7", "vera@example.com"));
        var marker = Marker();
        var ended = await EndedChat(queue, agent, visitor, marker, messages: 2);
        // The same visitor on another device: another end-user id, the same site and customer.
        var other = visitor with { EndUserId = TestDirectory.NewId("eu") };
        var open = TestDirectory.NewId("chat");
        await Chat(open).Start(new StartChatRequest(queue, other, $"Still here {marker}"));
        var subject = new DataSubject(site, "customer-7");

        Assert.Equal(2, (await DataProtection.ListChats(admin, subject)).Chats.Count);
        await Refused(Rules.E4, RefusalKind.Conflict, () => DataProtection.Erase(admin, subject));
        Assert.Null((await Chat(ended).PeekRetention()).Tombstone);
        Assert.Equal(2, (await DataProtection.ListChats(admin, subject)).Chats.Count);

        await Chat(open).EndByEndUser(other.EndUserId);
        var report = await DataProtection.Erase(admin, subject);
        Assert.Equal(new[] { ended, open }.Order(), report.Erased.Select(t => t.ChatId).Order());
        Assert.Empty((await DataProtection.ListChats(admin, subject)).Chats);
        await Refused(Rules.E2, RefusalKind.NotFound, () => Chat(open).GetEndUserView(other.EndUserId));
    }

    [Fact]
    public async Task E3_a_request_names_exactly_one_end_user_and_only_an_admin_makes_it()
    {
        var (_, agent, admin) = await People();
        await Refused(Rules.E3, RefusalKind.Invalid, () => DataProtection.Erase(admin, new DataSubject("shop", "c1", "eu-1")));
        await Refused(Rules.E3, RefusalKind.Invalid, () => DataProtection.Erase(admin, new DataSubject("shop", null)));
        await Refused(Rules.E3, RefusalKind.Invalid, () => DataProtection.ListChats(admin, new DataSubject()));
        await Refused(Rules.Admin, RefusalKind.Forbidden, () => DataProtection.Erase(agent, new DataSubject(EndUserId: "eu-1")));
        await Refused(Rules.Admin, RefusalKind.Forbidden, () => DataProtection.BeginExport(agent, new DataSubject(EndUserId: "eu-1")));
    }

    [Fact]
    public async Task E6_export_and_erasure_are_audited_by_a_digest_of_the_end_user_with_counts_and_no_content()
    {
        var (queue, agent, admin) = await People();
        var subject = new EndUserInfo(TestDirectory.NewId("eu"), "Audrey Audited", new VerifiedVisitor(TestDirectory.NewId("shop"), "customer-audit", null));
        var marker = Marker();
        var chatId = await EndedChat(queue, agent, subject, marker, messages: 2);
        var request = new DataSubject(subject.Verified!.SiteId, subject.Verified.CustomerId);

        Assert.Single((await DataProtection.BeginExport(admin, request)).Chats);
        await DataProtection.Erase(admin, request);

        var audit = await Client.Directory().ReadAudit(admin, 0, 50);
        var mine = audit.Entries.Where(e => e.ActorId == admin).ToList();
        var erase = Assert.Single(mine, e => e.Action == "EraseEndUser");
        var export = Assert.Single(mine, e => e.Action == "ExportEndUser");
        Assert.Equal(erase.Target, export.Target);
        Assert.StartsWith("end-user:", erase.Target);
        Assert.Equal(AuditOutcome.Applied, erase.Outcome);
        Assert.Contains("Erased 1 chats", erase.Detail);
        Assert.Contains(chatId, erase.Detail);
        foreach (var text in mine.SelectMany(e => new[] { e.Target, e.Detail ?? "" }))
        {
            Assert.DoesNotContain(marker, text);
            Assert.DoesNotContain("customer-audit", text);
            Assert.DoesNotContain("Audrey", text);
        }
    }

    [Fact]
    public async Task E7_a_sweep_tick_erases_at_most_its_batch_and_the_rest_follows_at_the_next_ticks()
    {
        var (queue, agent, admin) = await People();
        await Retention(queue).SetPolicy(admin, 1);
        var batch = new LiveChatOptions().Retention.SweepBatch;
        var chats = new List<string>();
        for (var i = 0; i < batch + 5; i++) chats.Add(await EndedChat(queue, agent, Anonymous(), Marker(), messages: 0));

        Cluster.Clock.Advance(TimeSpan.FromDays(2));
        foreach (var chatId in chats) await UntilErased(chatId);

        // Whoever ran them (this test's calls or the reminder), no tick erased more than its batch. A
        // sweep records its audit line after its last erasure, so the lines are awaited too.
        List<int> counts;
        using (var timeout = new CancellationTokenSource(Patience))
        {
            while (true)
            {
                counts = (await Client.Directory().ReadAudit(admin, 0, 100)).Entries
                    .Where(e => e.Target == $"queue:{queue}" && e.Action == "RetentionErase")
                    .Select(e => int.Parse(e.Detail!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                if (counts.Sum() >= chats.Count) break;
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
            }
        }
        Assert.True(counts.Count >= 2, $"{counts.Count} sweeps erased {chats.Count} chats");
        Assert.All(counts, count => Assert.InRange(count, 1, batch));
        Assert.Equal(chats.Count, counts.Sum());
        Assert.Equal(0, (await Retention(queue).GetPolicy(admin)).IndexPages);
    }

    [Fact]
    public async Task E7_an_end_user_with_1000_chats_kept_cannot_start_another_and_nothing_is_stored()
    {
        var (queue, _, _) = await People();
        var endUser = Anonymous();
        var index = Client.EndUserChats(EndUserKeys.Of(endUser));
        await Cluster.RewriteStoredState<EndUserChatsState>("enduser-chats", index.GetGrainId(), state =>
            state.Chats = [.. Enumerable.Range(0, IEndUserChatsGrain.MaxChats).Select(i => new EndUserChatRef($"old-{i}", endUser.EndUserId, queue, Cluster.Clock.Now))]);
        var chatId = TestDirectory.NewId("chat");

        await Refused(Rules.E7, RefusalKind.Conflict, () => Chat(chatId).Start(new StartChatRequest(queue, endUser, "One more")));
        Assert.False((await Chat(chatId).PeekRetention()).Started);
    }

    [Fact]
    public async Task E10_an_ended_chat_whose_end_notice_was_lost_leaves_the_queue_when_erased_and_a_stale_waiting_card_heals_at_the_gone_check()
    {
        var (queue, agent, admin) = await People();
        var subject = Anonymous();
        var chatId = TestDirectory.NewId("chat");
        await Chat(chatId).Start(new StartChatRequest(queue, subject, "Card with my name"));
        await Chat(chatId).Accept(agent);
        await FiguresWhen(queue, f => f.ActiveChatIds.Contains(chatId));
        // The one-way notice that the chat ended is lost (a silo failing as it goes): the queue keeps its card.
        Cluster.Faults.FailCalls(nameof(ISupportQueueGrain.ChatGone), queue);
        await Chat(chatId).End(agent);
        await Cluster.Faults.CallsFailed(nameof(ISupportQueueGrain.ChatGone), queue).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(chatId, (await Queue(queue).GetFigures()).ActiveChatIds);

        await DataProtection.Erase(admin, new DataSubject(EndUserId: subject.EndUserId));
        await FiguresWhen(queue, f => !f.ActiveChatIds.Contains(chatId));

        // A waiting chat taken while the queue missed it: asked whether its end user has gone, the chat
        // tells the queue again that it is active, and the waiting card goes.
        var taken = TestDirectory.NewId("chat");
        await Chat(taken).Start(new StartChatRequest(queue, Anonymous(), "Waiting card"));
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        Cluster.Faults.FailCalls(nameof(ISupportQueueGrain.ChatActive), queue);
        await Chat(taken).Accept(agent);
        await Cluster.Faults.CallsFailed(nameof(ISupportQueueGrain.ChatActive), queue).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await Queue(queue).GetFigures()).WaitingChats);
        Assert.False(await Chat(taken).CheckEndUserGone());
        await FiguresWhen(queue, f => f.WaitingChats == 0 && f.ActiveChatIds.Contains(taken));
    }

    [Fact]
    public async Task E8_an_erased_chats_files_are_handed_to_the_attachment_store_before_its_row_goes()
    {
        var (queue, agent, admin) = await People();
        var subject = Anonymous();
        var chatId = TestDirectory.NewId("chat");
        await Chat(chatId).Start(new StartChatRequest(queue, subject, "Here is my invoice"));
        await Chat(chatId).Accept(agent);
        var file = new AttachmentInfo(TestDirectory.NewId("att"), "invoice.pdf", "application/pdf", 1234);
        await Chat(chatId).AddEndUserAttachment(subject.EndUserId, file);
        await Chat(chatId).End(agent);

        var report = await DataProtection.Erase(admin, new DataSubject(EndUserId: subject.EndUserId));

        Assert.Equal(1, report.Attachments);
        var pending = Client.AttachmentErasure();
        var waiting = await pending.Peek(1000);
        var mine = Assert.Single(waiting, f => f.ChatId == chatId);
        Assert.Equal(file.AttachmentId, mine.AttachmentId);
        await pending.Done([mine]);
        Assert.DoesNotContain(await pending.Peek(1000), f => f.ChatId == chatId);
    }

    // Helpers ---------------------------------------------------------------------------------------

    private IDataProtectionGrain DataProtection => Client.DataProtection();
    private IQueueRetentionGrain Retention(string queueId) => Client.QueueRetention(queueId);

    private async Task<(string Queue, string Agent, string Admin)> People()
    {
        var queue = await Directory.Queue();
        var agent = await Directory.Agent(queue, capacity: 50);
        var admin = await Directory.Admin();
        return (queue, agent, admin);
    }

    private static string Marker() => "marker-" + Guid.NewGuid().ToString("N");
    private static EndUserInfo Anonymous() => new(TestDirectory.NewId("eu"), "Pat Customer");

    /// <summary>A chat of the end user, accepted, with messages carrying the marker, then ended by the agent.</summary>
    private async Task<string> EndedChat(string queue, string agent, EndUserInfo endUser, string marker, int messages)
    {
        var chatId = TestDirectory.NewId("chat");
        await Chat(chatId).Start(new StartChatRequest(queue, endUser, $"Hello {marker}"));
        await Chat(chatId).Accept(agent);
        for (var i = 0; i < messages; i++)
        {
            if (i % 2 == 0) await Chat(chatId).PostEndUserMessage(endUser.EndUserId, $"Message {i} {marker}");
            else await Chat(chatId).PostAgentMessage(agent, $"Answer {i} {marker}");
        }
        await Chat(chatId).End(agent);
        return chatId;
    }

    private Task<ChatState> StoredChat(string chatId) => Cluster.ReadStoredState<ChatState>("chat", Chat(chatId).GetGrainId());

    private async Task<ChatTombstone> UntilErased(string chatId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            if ((await Chat(chatId).PeekRetention()).Tombstone is { } tombstone) return tombstone;
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }
}
