namespace LiveChat.Grains.Tests;

/// <summary>
/// Exactly-once commands (rule id "Idempotency"): a creating call retried with the caller's same key
/// returns the first result and stores nothing twice; the same key with another request is refused
/// and changes nothing; keys are scoped by caller and kept for a bounded window.
/// </summary>
public sealed class IdempotencyTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static string Key() => Guid.NewGuid().ToString();

    [Fact]
    public async Task Idempotency_every_creating_command_retried_with_its_key_returns_the_first_result_and_stores_once()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var endUser = TestDirectory.EndUserOf(chatId);
        var attachment = new AttachmentInfo("file-1", "invoice.pdf", "application/pdf", 1234);
        var retried = new (string What, Func<string, Task<object>> Call)[]
        {
            ("agent message", async k => await chat.PostAgentMessage(alice, "hello", k)),
            ("end-user message", async k => await chat.PostEndUserMessage(endUser, "hi there", k)),
            ("side note", async k => await chat.AddSideNote(alice, "note", k)),
            ("canned text", async k => await chat.SendCannedText(alice, "greeting", k)),
            ("shared article", async k => await chat.ShareArticle(alice, "kb-1", k)),
            ("ticket", async k => await chat.CreateTicket(alice, "refund", k)),
            ("remote access", async k => await chat.RequestRemoteAccess(alice, k)),
            ("invite", async k => await chat.Invite(alice, bob, JoinMode.Monitor, k)),
            // A retried upload brings a new id for its copy of the file: the first one's entry comes back.
            ("agent attachment", async k => await chat.AddAgentAttachment(alice, attachment with { AttachmentId = Guid.NewGuid().ToString("N") }, k)),
            ("end-user attachment", async k => await chat.AddEndUserAttachment(endUser, attachment with { AttachmentId = Guid.NewGuid().ToString("N") }, k)),
        };
        foreach (var (what, call) in retried)
        {
            var key = Key();
            var first = await call(key);
            var before = await chat.GetSnapshot(alice);
            var again = await call(key);
            Assert.True(first is TranscriptEntry f && again is TranscriptEntry a
                    ? (f.Seq, f.PublicSeq, f.Actor, f.Text, f.RefId) == (a.Seq, a.PublicSeq, a.Actor, a.Text, a.RefId)
                    : System.Text.Json.JsonSerializer.Serialize(first) == System.Text.Json.JsonSerializer.Serialize(again),
                $"{what}: the retry answered {again}, the first {first}");
            Assert.Equivalent(before, await chat.GetSnapshot(alice), strict: true);
        }
    }

    [Fact]
    public async Task Idempotency_the_same_key_with_another_request_is_refused_and_changes_nothing()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var key = Key();
        await chat.PostAgentMessage(alice, "hello", key);
        await RefusedAndUnchanged(chatId, alice, IdempotencyKeys.Rule, RefusalKind.Conflict, () => chat.PostAgentMessage(alice, "something else", key));
        await RefusedAndUnchanged(chatId, alice, IdempotencyKeys.Rule, RefusalKind.Conflict, () => chat.AddSideNote(alice, "hello", key));
        await RefusedAndUnchanged(chatId, alice, IdempotencyKeys.Rule, RefusalKind.Conflict, () => chat.Invite(alice, bob, JoinMode.Monitor, key));
        await RefusedAndUnchanged(chatId, alice, IdempotencyKeys.Rule, RefusalKind.Invalid, () => chat.PostAgentMessage(alice, "hello", "not a key!"));
        await RefusedAndUnchanged(chatId, alice, IdempotencyKeys.Rule, RefusalKind.Invalid, () => chat.PostAgentMessage(alice, "hello", new string('k', 101)));
    }

    [Fact]
    public async Task Idempotency_keys_are_scoped_by_caller_so_another_caller_with_the_same_key_makes_its_own_entry()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var chat = Chat(chatId);
        var endUser = TestDirectory.EndUserOf(chatId);
        var key = Key();
        var mine = await chat.PostAgentMessage(alice, "hello", key);
        var theirs = await chat.PostEndUserMessage(endUser, "hello", key);
        Assert.Equal(Actor.EndUser(endUser), theirs.Actor);
        Assert.Equal(mine.Seq + 1, (await chat.GetSnapshot(alice)).LastSeq);
    }

    [Fact]
    public async Task Idempotency_a_retried_entry_is_found_after_its_page_was_sealed()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var chat = Chat(chatId);
        var key = Key();
        var first = await chat.PostAgentMessage(alice, "the keyed one", key);
        for (var i = 0; i < 40; i++) await chat.PostAgentMessage(alice, $"m{i}");
        var lastSeq = (await chat.GetSnapshot(alice)).LastSeq;
        var again = await chat.PostAgentMessage(alice, "the keyed one", key);
        Assert.Equal((first.Seq, first.Text), (again.Seq, again.Text));
        Assert.Equal(lastSeq, (await chat.GetSnapshot(alice)).LastSeq);
    }

    [Fact]
    public async Task Idempotency_a_chat_forgets_keys_past_its_bound_of_count()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var chat = Chat(chatId);
        var oldest = Key();
        await chat.PostAgentMessage(alice, "first", oldest);
        for (var i = 0; i < 100; i++) await chat.PostAgentMessage(alice, $"m{i}", Key());
        var lastSeq = (await chat.GetSnapshot(alice)).LastSeq;
        // 100 newer keys pushed it out: the same call is a new command now.
        var again = await chat.PostAgentMessage(alice, "first", oldest);
        Assert.Equal(lastSeq + 1, again.Seq);
    }

    [Fact]
    public async Task Idempotency_a_key_older_than_the_window_is_forgotten()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var chat = Chat(chatId);
        var key = Key();
        var first = await chat.CreateTicket(alice, "refund", key);
        Cluster.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(first.TicketId, (await chat.CreateTicket(alice, "refund", key)).TicketId);
        Cluster.Clock.Advance(TimeSpan.FromHours(2));
        Assert.NotEqual(first.TicketId, (await chat.CreateTicket(alice, "refund", key)).TicketId);
    }

    [Fact]
    public async Task Idempotency_a_retried_start_returns_the_chat_it_started_and_another_request_with_the_key_is_refused()
    {
        var queue = await Directory.Queue();
        var chatId = TestDirectory.NewId("chat");
        var chat = Chat(chatId);
        var key = Key();
        var request = new StartChatRequest(queue, new EndUserInfo("u-" + chatId, "Pat Customer"), "Hello", key);
        var first = await chat.Start(request);
        var again = await chat.Start(request);
        Assert.Equivalent(first, again, strict: true);
        await Refused(IdempotencyKeys.Rule, RefusalKind.Conflict, () => chat.Start(request with { FirstMessage = "Something else" }));
        await Refused(Rules.Lifecycle, RefusalKind.Conflict, () => chat.Start(request with { IdempotencyKey = Key() }));
        await Refused(Rules.Lifecycle, RefusalKind.Conflict, () => chat.Start(request with { IdempotencyKey = null }));
        await Refused(IdempotencyKeys.Rule, RefusalKind.Invalid, () => Chat(TestDirectory.NewId("chat")).Start(request with { IdempotencyKey = "short" }));
        Assert.Equal(first.LastSeq, (await chat.GetEndUserView("u-" + chatId)).LastSeq);
    }
}

/// <summary>The key is stored with what it created: a retry after the whole cluster restarted still finds it.</summary>
public sealed class IdempotencyRestartTests
{
    [Fact]
    public async Task Idempotency_keys_survive_a_cluster_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N"));
        string chatId, alice, endUser;
        var (messageKey, ticketKey, startKey) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        TranscriptEntry message;
        TicketInfo ticket;
        StartChatRequest start;
        long lastSeq;
        await using (var first = LiveChatCluster.On(folder, silos: 1))
        {
            await first.InitializeAsync();
            var directory = new TestDirectory(first.Client);
            var queue = await directory.Queue();
            alice = await directory.Agent(queue);
            chatId = TestDirectory.NewId("chat");
            endUser = "u-" + chatId;
            start = new StartChatRequest(queue, new EndUserInfo(endUser, "Pat Customer"), "Hello", startKey);
            await first.Client.Chat(chatId).Start(start);
            await first.Client.Chat(chatId).Accept(alice);
            message = await first.Client.Chat(chatId).PostEndUserMessage(endUser, "my invoice", messageKey);
            ticket = await first.Client.Chat(chatId).CreateTicket(alice, "refund", ticketKey);
            lastSeq = (await first.Client.Chat(chatId).GetSnapshot(alice)).LastSeq;
        }

        await using var second = LiveChatCluster.On(folder, silos: 1);
        await second.InitializeAsync();
        var chat = second.Client.Chat(chatId);
        Assert.Equal(ChatStatus.Active, (await chat.Start(start)).Status);
        var again = await chat.PostEndUserMessage(endUser, "my invoice", messageKey);
        Assert.Equal((message.Seq, message.Text), (again.Seq, again.Text));
        Assert.Equal(ticket.TicketId, (await chat.CreateTicket(alice, "refund", ticketKey)).TicketId);
        Assert.Equal(lastSeq, (await chat.GetSnapshot(alice)).LastSeq);
        second.DeleteData();
    }
}
