namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// What people do inside an active chat, each action checked against the A-table.
public sealed partial class ChatSessionGrain
{
    public async Task<TranscriptEntry> PostAgentMessage(string agentId, string text, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(PostAgentMessage), text);
        if (ReplayIfAllowed(agentId, ChatAction.A7_ChatWithEndUser, idempotencyKey, request) is { } done) return await EntryAt(done.Seq);
        EnsureMay(agentId, ChatAction.A7_ChatWithEndUser);
        Refuse.CheckText(ChatAction.A7_ChatWithEndUser, text, "A message");
        EnsureActive(ChatAction.A7_ChatWithEndUser);
        var entry = Append(Actor.Agent(agentId), EntryKind.Message, Visibility.Everyone, text);
        Remember(idempotencyKey, AgentCaller(agentId), request, seq: entry.Seq);
        await Commit();
        return entry;
    }

    public Task EnsureMayChat(string agentId)
    {
        EnsureMay(agentId, ChatAction.A7_ChatWithEndUser);
        EnsureActive(ChatAction.A7_ChatWithEndUser);
        return Task.CompletedTask;
    }

    public async Task<TranscriptEntry> PostEndUserMessage(string endUserId, string text, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(PostEndUserMessage), text);
        EnsureEndUser(ChatAction.A7_ChatWithEndUser, endUserId);
        if (Replay(idempotencyKey, EndUserCaller(endUserId), request) is { } done) return EndUserFormOf(await EntryAt(done.Seq))!;
        Refuse.CheckText(ChatAction.A7_ChatWithEndUser, text, "A message");
        EnsureNotEnded(ChatAction.A7_ChatWithEndUser);
        EndUserActive();
        var turnOpens = State.SlaUnansweredSince is null;
        var entry = Append(Actor.EndUser(endUserId), EntryKind.Message, Visibility.Everyone, text);
        Remember(idempotencyKey, EndUserCaller(endUserId), request, seq: entry.Seq);
        await StartReplyClock(turnOpens);
        AfterCommit(ScheduleExpirySweep);
        await Commit();
        // The end user gets its entry back numbered as it sees it.
        return EndUserFormOf(entry)!;
    }

    public async Task<TranscriptEntry> SendCannedText(string agentId, string cannedResponseId, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(SendCannedText), cannedResponseId);
        if (ReplayIfAllowed(agentId, ChatAction.A8_CannedText, idempotencyKey, request) is { } done) return await EntryAt(done.Seq);
        EnsureMay(agentId, ChatAction.A8_CannedText);
        EnsureActive(ChatAction.A8_CannedText);
        Refuse.CheckId(ChatAction.A8_CannedText, cannedResponseId, "Canned response id");
        var queue = await RequireQueue(Rules.A8, State.QueueId);
        var canned = queue.Definition.CannedResponses.FirstOrDefault(c => c.Id == cannedResponseId)
            ?? throw Refuse.NotFound(ChatAction.A8_CannedText, $"The queue has no canned response '{cannedResponseId}'.");
        var entry = Append(Actor.Agent(agentId), EntryKind.Message, Visibility.Everyone, canned.Text, refId: canned.Id);
        Remember(idempotencyKey, AgentCaller(agentId), request, seq: entry.Seq);
        await Commit();
        return entry;
    }

    public async Task<TranscriptEntry> AddSideNote(string agentId, string text, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(AddSideNote), text);
        if (ReplayIfAllowed(agentId, ChatAction.A2_SideNote, idempotencyKey, request) is { } done) return await EntryAt(done.Seq);
        EnsureMay(agentId, ChatAction.A2_SideNote);
        Refuse.CheckText(ChatAction.A2_SideNote, text, "A side note");
        EnsureActive(ChatAction.A2_SideNote);
        // Side notes are for agents: the end user never sees them.
        var entry = Append(Actor.Agent(agentId), EntryKind.SideNote, Visibility.Agents, text);
        Remember(idempotencyKey, AgentCaller(agentId), request, seq: entry.Seq);
        await Commit();
        return entry;
    }

    public async Task<TranscriptEntry> AddAgentAttachment(string agentId, AttachmentInfo attachment, string? idempotencyKey = null)
    {
        var request = AttachmentRequest(attachment);
        if (ReplayIfAllowed(agentId, ChatAction.A9_Attachments, idempotencyKey, request) is { } done) return await EntryAt(done.Seq);
        EnsureMay(agentId, ChatAction.A9_Attachments);
        EnsureActive(ChatAction.A9_Attachments);
        return await AddAttachment(Actor.Agent(agentId), attachment, () => Remember(idempotencyKey, AgentCaller(agentId), request, seq: State.LastSeq));
    }

    public async Task<TranscriptEntry> AddEndUserAttachment(string endUserId, AttachmentInfo attachment, string? idempotencyKey = null)
    {
        var request = AttachmentRequest(attachment);
        EnsureEndUser(ChatAction.A9_Attachments, endUserId);
        if (Replay(idempotencyKey, EndUserCaller(endUserId), request) is { } done) return EndUserFormOf(await EntryAt(done.Seq))!;
        EnsureNotEnded(ChatAction.A9_Attachments);
        EndUserActive();
        return EndUserFormOf(await AddAttachment(Actor.EndUser(endUserId), attachment,
            () => Remember(idempotencyKey, EndUserCaller(endUserId), request, seq: State.LastSeq)))!;
    }

    /// <summary>A retried upload sends the same file again; the gateway gives it a new id, so the id is not part of the request.</summary>
    private static string AttachmentRequest(AttachmentInfo? attachment) =>
        RequestDigest("AddAttachment", attachment?.FileName, attachment?.ContentType, attachment?.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A key already used by this caller in this chat: its upload was recorded, so the retry may go on to get that result.</summary>
    private bool KnownKey(string? key, string caller) =>
        key is not null && IdempotencyKeys.IsValid(key) && State.CommandKeys.Any(k => k.Key == KeyDigest(caller, key) && k.At >= _clock.Now - _options.IdempotencyWindow);

    // The gateway's check before it reads an upload's body. Permission comes first, as for the
    // command itself: only a sender still allowed A9 (or allowed when the chat ended) with a known
    // key skips the state and quota checks to go on to its first result.
    public Task EnsureMayAttach(string agentId, long size, string? idempotencyKey = null)
    {
        var caller = AgentCaller(agentId);
        var endedAllowed = State.Started && State.Status == ChatStatus.Ended && ChatPermissionTable.Allows(RoleAtEnd(agentId), ChatAction.A9_Attachments);
        if (!endedAllowed) EnsureMay(agentId, ChatAction.A9_Attachments);
        if (KnownKey(idempotencyKey, caller)) return Task.CompletedTask;
        EnsureMay(agentId, ChatAction.A9_Attachments);
        EnsureActive(ChatAction.A9_Attachments);
        EnsureAttachmentRoom(size);
        return Task.CompletedTask;
    }

    public Task EnsureEndUserMayAttach(string endUserId, long size, string? idempotencyKey = null)
    {
        EnsureEndUser(ChatAction.A9_Attachments, endUserId);
        if (KnownKey(idempotencyKey, EndUserCaller(endUserId))) return Task.CompletedTask;
        EnsureNotEnded(ChatAction.A9_Attachments);
        EnsureAttachmentRoom(size);
        return Task.CompletedTask;
    }

    /// <summary>The chat's attachment quota (count and bytes, both sides together) has room for one more file.</summary>
    private void EnsureAttachmentRoom(long size)
    {
        if (size <= 0) throw Refuse.Invalid(ChatAction.A9_Attachments, "An attachment needs a size above zero.");
        var limits = _options.Limits;
        if (State.Attachments.Count >= limits.MaxAttachments)
            throw Refuse.Limit($"This chat already holds {State.Attachments.Count} attachments, the most one chat may hold ({limits.MaxAttachments}).");
        var used = State.Attachments.Sum(a => a.Size);
        if (used + size > limits.MaxAttachmentBytes)
            throw Refuse.Limit($"Attachments of one chat may total {Megabytes(limits.MaxAttachmentBytes)}; {Megabytes(used)} are used and this file needs {Megabytes(size)}.");
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";

    private async Task<TranscriptEntry> AddAttachment(Actor actor, AttachmentInfo attachment, Action remember)
    {
        if (attachment is null) throw Refuse.Invalid(ChatAction.A9_Attachments, "The attachment is missing.");
        Refuse.CheckId(ChatAction.A9_Attachments, attachment.AttachmentId, "Attachment id");
        // The gateway cleans file names; a name that still hides characters is refused, never shown.
        if (string.IsNullOrWhiteSpace(attachment.FileName) || attachment.FileName.Length > 255 || TextHygiene.HasUnsafe(attachment.FileName))
            throw Refuse.Invalid(ChatAction.A9_Attachments, "An attachment needs a file name of 1 to 255 printable characters, without control or bidi characters.");
        if (string.IsNullOrWhiteSpace(attachment.ContentType) || attachment.Size <= 0)
            throw Refuse.Invalid(ChatAction.A9_Attachments, "An attachment needs a content type and a size above zero.");
        if (State.Attachments.Any(a => a.AttachmentId == attachment.AttachmentId))
            throw Refuse.Conflict(ChatAction.A9_Attachments, $"Attachment '{attachment.AttachmentId}' is already in this chat.");
        EnsureAttachmentRoom(attachment.Size);
        State.Attachments.Add(attachment);
        var turnOpens = actor.Kind == ActorKind.EndUser && State.SlaUnansweredSince is null;
        var entry = Append(actor, EntryKind.Attachment, Visibility.Everyone, attachment.FileName, refId: attachment.AttachmentId, attachment: attachment);
        remember();
        await StartReplyClock(turnOpens);
        AfterCommit(ScheduleExpirySweep);
        await Commit();
        return entry;
    }

    public Task<AttachmentInfo> GetAttachment(string agentId, string attachmentId)
    {
        // A9: receiving attachments is for the assignee and participants; a monitor sees only the transcript line.
        EnsureMay(agentId, ChatAction.A9_Attachments);
        return Task.FromResult(FindAttachment(attachmentId));
    }

    public Task<AttachmentInfo> GetEndUserAttachment(string endUserId, string attachmentId)
    {
        EnsureEndUser(ChatAction.A9_Attachments, endUserId);
        return Task.FromResult(FindAttachment(attachmentId));
    }

    private AttachmentInfo FindAttachment(string attachmentId)
    {
        Refuse.CheckId(ChatAction.A9_Attachments, attachmentId, "Attachment id");
        return State.Attachments.FirstOrDefault(a => a.AttachmentId == attachmentId)
            ?? throw Refuse.NotFound(ChatAction.A9_Attachments, $"This chat has no attachment '{attachmentId}'.");
    }

    public async Task PinArticle(string agentId, string articleId)
    {
        EnsureMay(agentId, ChatAction.A5_PinArticle);
        EnsureActive(ChatAction.A5_PinArticle);
        var article = await RequireArticle(Rules.A5, articleId);
        if (State.Pinned.Any(a => a.Id == articleId)) throw Refuse.Conflict(ChatAction.A5_PinArticle, $"'{article.Title}' is already pinned.");
        if (State.Pinned.Count >= _options.Limits.MaxPinnedArticles)
            throw Refuse.Limit($"At most {_options.Limits.MaxPinnedArticles} articles can be pinned in one chat; unpin one first.");
        State.Pinned.Add(article);
        // S2: members who joined before the pin receive it live through this entry.
        Append(Actor.Agent(agentId), EntryKind.ArticlePinned, Visibility.Agents, article.Title, refId: article.Id);
        await Commit();
    }

    public async Task UnpinArticle(string agentId, string articleId)
    {
        EnsureMay(agentId, ChatAction.A5_PinArticle);
        EnsureActive(ChatAction.A5_PinArticle);
        Refuse.CheckId(ChatAction.A5_PinArticle, articleId, "Article id");
        var article = State.Pinned.FirstOrDefault(a => a.Id == articleId)
            ?? throw Refuse.NotFound(ChatAction.A5_PinArticle, $"Article '{articleId}' is not pinned.");
        State.Pinned.Remove(article);
        Append(Actor.Agent(agentId), EntryKind.ArticleUnpinned, Visibility.Agents, article.Title, refId: article.Id);
        await Commit();
    }

    public async Task<TranscriptEntry> ShareArticle(string agentId, string articleId, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(ShareArticle), articleId);
        if (ReplayIfAllowed(agentId, ChatAction.A6_ShareArticle, idempotencyKey, request) is { } done) return await EntryAt(done.Seq);
        EnsureMay(agentId, ChatAction.A6_ShareArticle);
        EnsureActive(ChatAction.A6_ShareArticle);
        var article = await RequireArticle(Rules.A6, articleId);
        if (!State.Shared.Any(a => a.Id == articleId)) State.Shared.Add(article);
        var entry = Append(Actor.Agent(agentId), EntryKind.ArticleShared, Visibility.Everyone, article.Title, refId: article.Id);
        Remember(idempotencyKey, AgentCaller(agentId), request, seq: entry.Seq);
        await Commit();
        return entry;
    }

    public async Task<TicketInfo> CreateTicket(string agentId, string summary, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(CreateTicket), summary);
        if (ReplayIfAllowed(agentId, ChatAction.A4_CreateTicket, idempotencyKey, request) is { } done) return State.Tickets.First(t => t.TicketId == done.ResultId);
        EnsureMay(agentId, ChatAction.A4_CreateTicket);
        Refuse.CheckText(ChatAction.A4_CreateTicket, summary, "A ticket summary");
        EnsureNotEnded(ChatAction.A4_CreateTicket);
        if (State.Tickets.Count >= _options.Limits.MaxTickets)
            throw Refuse.Limit($"This chat already has {State.Tickets.Count} tickets, the most one chat may create ({_options.Limits.MaxTickets}).");
        var ticket = new TicketInfo($"T-{Guid.NewGuid().ToString("N")[..8]}", summary, agentId, _clock.Now);
        State.Tickets.Add(ticket);
        Append(Actor.Agent(agentId), EntryKind.TicketCreated, Visibility.Agents, $"Ticket {ticket.TicketId}: {summary}", refId: ticket.TicketId);
        Remember(idempotencyKey, AgentCaller(agentId), request, resultId: ticket.TicketId, seq: State.LastSeq);
        await Commit();
        return ticket;
    }

    public async Task<RemoteAccessRequest> RequestRemoteAccess(string agentId, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(RequestRemoteAccess));
        if (ReplayIfAllowed(agentId, ChatAction.A3_RemoteAccess, idempotencyKey, request) is { } done) return State.RemoteAccess.First(r => r.RequestId == done.ResultId);
        EnsureMay(agentId, ChatAction.A3_RemoteAccess);
        EnsureActive(ChatAction.A3_RemoteAccess);
        if (State.RemoteAccess.Count >= _options.Limits.MaxRemoteAccessRequests)
            throw Refuse.Limit($"Remote access was already requested {State.RemoteAccess.Count} times in this chat, the most allowed ({_options.Limits.MaxRemoteAccessRequests}).");
        var remote = new RemoteAccessRequest($"RA-{Guid.NewGuid().ToString("N")[..8]}", agentId, _clock.Now);
        State.RemoteAccess.Add(remote);
        // The end user must agree to remote access, so it is asked in the open.
        Append(Actor.Agent(agentId), EntryKind.RemoteAccessRequested, Visibility.Everyone,
            "The agent asks for remote access to your desktop.", refId: remote.RequestId);
        Remember(idempotencyKey, AgentCaller(agentId), request, resultId: remote.RequestId, seq: State.LastSeq);
        await Commit();
        return remote;
    }

    private async Task<KnowledgeArticle> RequireArticle(string rule, string articleId)
    {
        Refuse.CheckId(rule, articleId, "Article id");
        var queue = await RequireQueue(rule, State.QueueId);
        return queue.Definition.Articles.FirstOrDefault(a => a.Id == articleId)
            ?? throw Refuse.NotFound(rule, $"The queue has no knowledge article '{articleId}'.");
    }
}
