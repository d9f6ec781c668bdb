namespace LiveChat.Grains.Tests;

/// <summary>
/// Lifecycle (decided): a waiting chat whose end user has gone (no connection, no activity for
/// LiveChat:EndUserGoneAfter, 10 minutes) ends with EndReason.EndUserGone, leaves its queue's
/// waiting list and says so in its transcript. The fake clock stands in for the wait.
/// </summary>
public sealed class EndUserGoneTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static readonly TimeSpan GoneAfter = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Lifecycle_a_waiting_chat_whose_end_user_left_ends_on_the_queues_timer()
    {
        var queue = await Directory.Queue();
        var chatId = await Directory.WaitingChat(queue);
        var console = await Client.RecordChat(chatId);
        await FiguresWhen(queue, f => f.WaitingChats == 1);

        Cluster.Clock.Advance(GoneAfter + TimeSpan.FromSeconds(1));

        // Nobody calls the chat: the queue's timer asks it.
        var ended = await console.WaitFor<ChatEvent>(e => e.Status == ChatStatus.Ended);
        Assert.Equal(ActorKind.System, ended.Entry.Actor.Kind);
        Assert.Equal(Visibility.Everyone, ended.Entry.Visibility);
        Assert.Contains("no connection or activity for 10 minutes", ended.Entry.Text);
        var view = await Chat(chatId).ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), 0, 100);
        Assert.Equal(ended.EndUserEntry, view.Entries[^1]);
        Assert.Equal(EndReason.EndUserGone, await EndReasonOf(chatId));
        await FiguresWhen(queue, f => f.WaitingChats == 0);
        Assert.Empty(await Queue(queue).GetWaitingChats());
    }

    [Fact]
    public async Task Lifecycle_a_connected_end_user_has_not_gone_until_its_last_connection_closes()
    {
        var queue = await Directory.Queue();
        var chatId = await Directory.WaitingChat(queue);
        var endUser = TestDirectory.EndUserOf(chatId);
        await Chat(chatId).EndUserConnected(endUser, "page-1");
        await Chat(chatId).EndUserConnected(endUser, "page-2");

        Cluster.Clock.Advance(GoneAfter * 3);
        Assert.False(await Chat(chatId).CheckEndUserGone());
        await Chat(chatId).EndUserDisconnected(endUser, "page-1");
        Assert.False(await Chat(chatId).CheckEndUserGone());
        await Chat(chatId).EndUserDisconnected(endUser, "page-2");

        // The absence counts from the last connection's close.
        Cluster.Clock.Advance(GoneAfter - TimeSpan.FromSeconds(1));
        Assert.False(await Chat(chatId).CheckEndUserGone());
        Assert.Equal(ChatStatus.Waiting, (await Chat(chatId).GetEndUserView(endUser)).Status);
        Cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await Chat(chatId).CheckEndUserGone());
        Assert.Equal(ChatStatus.Ended, (await Chat(chatId).GetEndUserView(endUser)).Status);
    }

    [Fact]
    public async Task Lifecycle_the_end_users_messages_reset_the_wait()
    {
        var queue = await Directory.Queue();
        var chatId = await Directory.WaitingChat(queue);
        var endUser = TestDirectory.EndUserOf(chatId);

        Cluster.Clock.Advance(TimeSpan.FromMinutes(8));
        await Chat(chatId).PostEndUserMessage(endUser, "Still there?");
        Cluster.Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.False(await Chat(chatId).CheckEndUserGone());
        await Chat(chatId).AddEndUserAttachment(endUser, new AttachmentInfo(Guid.NewGuid().ToString("N"), "a.txt", "text/plain", 3));
        Cluster.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(await Chat(chatId).CheckEndUserGone());
        Cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Chat(chatId).CheckEndUserGone());
        Assert.False(await Chat(chatId).CheckEndUserGone());
    }

    [Fact]
    public async Task Lifecycle_only_waiting_chats_end_because_their_end_user_has_gone()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue);
        var chatId = await Directory.ActiveChat(queue, alice);
        Cluster.Clock.Advance(GoneAfter * 2);
        Assert.False(await Chat(chatId).CheckEndUserGone());
        Assert.Equal(ChatStatus.Active, (await Chat(chatId).GetSnapshot(alice)).Status);

        // Released back to the queue, it gets the full wait again before it can end.
        await Chat(chatId).Release(alice);
        Cluster.Clock.Advance(GoneAfter - TimeSpan.FromSeconds(1));
        Assert.False(await Chat(chatId).CheckEndUserGone());
        Cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await Chat(chatId).CheckEndUserGone());
        Assert.Equal(EndReason.EndUserGone, await EndReasonOf(chatId));
    }

    /// <summary>Nobody is left in a chat that ended waiting, so no one may read its snapshot: the stored state tells.</summary>
    private async Task<EndReason?> EndReasonOf(string chatId) =>
        (await Cluster.ReadStoredState<LiveChat.Grains.Chat.ChatState>("chat", Chat(chatId).GetGrainId())).EndReason;

    [Fact]
    public async Task Lifecycle_a_chat_asleep_while_its_end_user_left_ends_when_it_wakes()
    {
        var queue = await Directory.Queue();
        var chatId = await Directory.WaitingChat(queue);
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        // Neither the chat nor its queue is active while the time passes, and the queue's asking is
        // made to fail: the chat's own check on waking must end it.
        Cluster.Faults.FailCalls(nameof(IChatSessionGrain.CheckEndUserGone), chatId, times: 1_000_000);
        await Client.Deactivate(Queue(queue));
        await Client.Deactivate(Chat(chatId));
        Cluster.Clock.Advance(GoneAfter + TimeSpan.FromMinutes(1));

        var console = await Client.RecordChat(chatId);
        var endUser = TestDirectory.EndUserOf(chatId);
        if ((await Chat(chatId).GetEndUserView(endUser)).Status != ChatStatus.Ended)
            await console.WaitFor<ChatEvent>(e => e.Status == ChatStatus.Ended);
        var last = (await Chat(chatId).ReadEndUserTranscript(endUser, 0, 100)).Entries[^1];
        Assert.Contains("no connection or activity", last.Text);
        await FiguresWhen(queue, f => f.WaitingChats == 0);
    }

    [Fact]
    public async Task Lifecycle_connection_notices_for_an_ended_chat_or_from_someone_else_change_nothing()
    {
        var queue = await Directory.Queue();
        var chatId = await Directory.WaitingChat(queue);
        var endUser = TestDirectory.EndUserOf(chatId);
        await Refused("Lifecycle", RefusalKind.Forbidden, () => Chat(chatId).EndUserConnected("someone-else", "page-1"));
        await Refused("Lifecycle", RefusalKind.Invalid, () => Chat(chatId).EndUserConnected(endUser, "bad\nid"));
        await Chat(chatId).EndByEndUser(endUser);
        var before = (await Chat(chatId).ReadEndUserTranscript(endUser, 0, 100)).LastSeq;
        var writes = Cluster.Writes.Count("chat", chatId);
        await Chat(chatId).EndUserConnected(endUser, "page-1");
        await Chat(chatId).EndUserDisconnected(endUser, "page-1");
        await Chat(chatId).EndUserDisconnected("someone-else", "page-2");
        Cluster.Clock.Advance(GoneAfter * 2);
        Assert.False(await Chat(chatId).CheckEndUserGone());
        Assert.Equal(before, (await Chat(chatId).ReadEndUserTranscript(endUser, 0, 100)).LastSeq);
        Assert.Equal(writes, Cluster.Writes.Count("chat", chatId));
    }
}
