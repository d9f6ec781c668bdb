namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Common;

/// <summary>
/// Limits: every list a chat keeps is bounded (defaults of <see cref="ChatLimitOptions"/>). Up to
/// the bound each call works; the one past it is refused with rule "Limits" (409) and changes nothing.
/// </summary>
public sealed class LimitTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static readonly ChatLimitOptions Defaults = new();
    private const long MB = 1024 * 1024;

    private static AttachmentInfo File(long size) => new(Guid.NewGuid().ToString("N"), "notes.txt", "text/plain", size);

    [Fact]
    public async Task Limits_tickets_per_chat()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        for (var i = 0; i < Defaults.MaxTickets; i++) await Chat(chatId).CreateTicket(alice, $"Ticket {i}");
        var refusal = await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).CreateTicket(alice, "one more"));
        Assert.Contains($"{Defaults.MaxTickets}", refusal);
        Assert.Equal(Defaults.MaxTickets, (await Chat(chatId).GetSnapshot(alice)).Tickets.Count);
    }

    [Fact]
    public async Task Limits_remote_access_requests_per_chat()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        for (var i = 0; i < Defaults.MaxRemoteAccessRequests; i++) await Chat(chatId).RequestRemoteAccess(alice);
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).RequestRemoteAccess(alice));
        Assert.Equal(Defaults.MaxRemoteAccessRequests, (await Chat(chatId).GetSnapshot(alice)).RemoteAccessRequests.Count);
    }

    [Fact]
    public async Task Limits_pinned_articles_at_once_and_unpinning_makes_room()
    {
        var queue = TestDirectory.NewId("queue");
        var articles = Enumerable.Range(1, Defaults.MaxPinnedArticles + 1).Select(i => new KnowledgeArticle($"kb-{i}", $"Article {i}", $"https://example.com/kb/{i}")).ToList();
        await Queue(queue).Configure(new QueueDefinition("Many articles", false, true, [], articles));
        var alice = await Directory.Agent(queue);
        var chatId = await Directory.ActiveChat(queue, alice);
        foreach (var article in articles.Take(Defaults.MaxPinnedArticles)) await Chat(chatId).PinArticle(alice, article.Id);

        var last = articles[^1].Id;
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).PinArticle(alice, last));
        await Chat(chatId).UnpinArticle(alice, "kb-1");
        await Chat(chatId).PinArticle(alice, last);
        Assert.Equal(Defaults.MaxPinnedArticles, (await Chat(chatId).GetSnapshot(alice)).PinnedArticles.Count);
    }

    [Fact]
    public async Task Limits_attachments_per_chat_from_both_sides_together()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        for (var i = 0; i < Defaults.MaxAttachments; i++)
        {
            await Chat(chatId).EnsureMayAttach(alice, 10);
            if (i % 2 == 0) await Chat(chatId).AddAgentAttachment(alice, File(10));
            else await Chat(chatId).AddEndUserAttachment(endUser, File(10));
        }

        // Asked before any byte is stored, and again when recording: both refuse.
        await Refused(Rules.Limits, RefusalKind.Conflict, () => Chat(chatId).EnsureMayAttach(alice, 10));
        await Refused(Rules.Limits, RefusalKind.Conflict, () => Chat(chatId).EnsureEndUserMayAttach(endUser, 10));
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).AddAgentAttachment(alice, File(10)));
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).AddEndUserAttachment(endUser, File(10)));
        Assert.Equal(Defaults.MaxAttachments, (await Chat(chatId).GetSnapshot(alice)).Attachments.Count);
    }

    [Fact]
    public async Task Limits_attachment_bytes_per_chat()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        var files = (int)(Defaults.MaxAttachmentBytes / (10 * MB));
        for (var i = 0; i < files - 1; i++) await Chat(chatId).AddAgentAttachment(alice, File(10 * MB));

        // Room for exactly one more of 10 MB: a byte more is refused before and when recording.
        await Chat(chatId).EnsureMayAttach(alice, 10 * MB);
        await Chat(chatId).EnsureEndUserMayAttach(endUser, 10 * MB);
        await Refused(Rules.Limits, RefusalKind.Conflict, () => Chat(chatId).EnsureMayAttach(alice, 10 * MB + 1));
        await Refused(Rules.Limits, RefusalKind.Conflict, () => Chat(chatId).EnsureEndUserMayAttach(endUser, 10 * MB + 1));
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).AddEndUserAttachment(endUser, File(10 * MB + 1)));

        await Chat(chatId).AddEndUserAttachment(endUser, File(10 * MB));
        await Refused(Rules.Limits, RefusalKind.Conflict, () => Chat(chatId).EnsureMayAttach(alice, 1));
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).AddAgentAttachment(alice, File(1)));
    }

    [Fact]
    public async Task A9_asking_whether_one_may_attach_applies_the_A_table_and_changes_nothing()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);
        var before = await Chat(chatId).GetSnapshot(alice);

        await Chat(chatId).EnsureMayAttach(alice, 100);
        await Chat(chatId).EnsureEndUserMayAttach(TestDirectory.EndUserOf(chatId), 100);
        await Refused("A9", RefusalKind.Forbidden, () => Chat(chatId).EnsureMayAttach(bob, 100));
        await Refused("A9", RefusalKind.Forbidden, () => Chat(chatId).EnsureEndUserMayAttach("someone-else", 100));
        await Refused("A9", RefusalKind.Invalid, () => Chat(chatId).EnsureMayAttach(alice, 0));
        Assert.Equivalent(before, await Chat(chatId).GetSnapshot(alice), strict: true);

        await Chat(chatId).End(alice);
        await Refused("A9", RefusalKind.Conflict, () => Chat(chatId).EnsureEndUserMayAttach(TestDirectory.EndUserOf(chatId), 100));
    }

    [Fact]
    public async Task Limits_invites_over_a_chats_life()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        for (var i = 0; i < Defaults.MaxInvites; i++)
        {
            var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
            await Chat(chatId).CancelInvite(alice, invite.InviteId);
        }
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).Invite(alice, bob, JoinMode.Monitor));
        Assert.Empty(await Agent(bob).GetInvites());
    }

    [Fact]
    public async Task Limits_steps_of_one_invite_and_an_invite_can_always_be_closed()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        var mode = JoinMode.Monitor;
        while (invite.History.Count < Defaults.MaxInviteSteps)
        {
            mode = mode == JoinMode.Monitor ? JoinMode.Participant : JoinMode.Monitor;
            invite = await Chat(chatId).ChangeInviteMode(alice, invite.InviteId, mode);
        }
        var other = mode == JoinMode.Monitor ? JoinMode.Participant : JoinMode.Monitor;
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).ChangeInviteMode(alice, invite.InviteId, other));

        // The invitee still answers it: closing steps always fit.
        var rejected = await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Reject);
        Assert.Equal(InviteStatus.Rejected, rejected.Status);
        // A resend would pass the bound, so a new invite may follow the used-up one (R9 gives way).
        await RefusedAndUnchangedReason(chatId, alice, () => Chat(chatId).ResendInvite(alice, invite.InviteId));
        var fresh = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        Assert.Equal(InviteStatus.Pending, fresh.Status);
    }

    /// <summary>Refused by Limits (409) with a reason, the chat unchanged; returns the reason.</summary>
    private async Task<string> RefusedAndUnchangedReason(string chatId, string viewerId, Func<Task> call)
    {
        var before = await Chat(chatId).GetSnapshot(viewerId);
        var refusal = await Refused(Rules.Limits, RefusalKind.Conflict, call);
        Assert.Equivalent(before, await Chat(chatId).GetSnapshot(viewerId), strict: true);
        return refusal.Reason;
    }
}
