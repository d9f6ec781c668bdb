namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;
using LiveChat.Grains.Retention;

// Retention and erasure (docs/rules.md E1-E10): an ended chat erases itself when its queue's sweep or
// an erasure request asks. What stays is a tombstone: id, queue, dates and why, nothing anyone wrote.
public sealed partial class ChatSessionGrain
{
    public Task<ChatRetentionInfo> PeekRetention() => Task.FromResult(
        new ChatRetentionInfo(State.Started, State.Status, State.EndedAt, State.Tombstone, State.Attachments.Count, State.Started ? State.EndUser : null));

    public async Task<ChatTombstone?> Erase(ErasureReason reason)
    {
        if (State.Tombstone is { } erased) return erased;
        if (!State.Started) return null;
        if (State.Status != ChatStatus.Ended)
            throw Refuse.Conflict(Rules.E4, $"The chat is {State.Status}; only an ended chat is erased.");

        var tombstone = new ChatTombstone(ChatId, State.QueueId, State.CreatedAt, State.EndedAt, _clock.Now, reason);
        var endUser = State.EndUser;
        // Order matters for a crash part-way: waiting webhook deliveries are withdrawn first (E9),
        // the files are recorded for deletion (their ids live only in this row), then the pages go,
        // then this row; a retry finds what is left.
        await Webhooks.WebhookErasure.Withdraw(GrainFactory, ChatId);
        // E10: the queue forgets it too. It dropped the chat when it ended, unless that one-way notice
        // was lost (a silo failing then): its card would keep the customer's name and first message.
        await GrainFactory.Queue(State.QueueId).ChatGone(ChatId);
        var files = State.Attachments.Select(a => new AttachmentToErase(ChatId, a.AttachmentId)).ToList();
        if (files.Count > 0)
            await GrainFactory.AttachmentErasure().Enqueue(files);
        for (var page = 0; page < State.SealedPages; page++)
            await GrainFactory.TranscriptPage(TranscriptPaging.PageKey(ChatId, page)).Erase();

        // ClearStateAsync deletes the row in every provider (a plain write of a smaller state could
        // leave old properties behind in a table store); the tombstone is then written as a new row.
        await _chat.ClearStateAsync();
        _chat.State = new ChatState { Tombstone = tombstone };
        await _chat.WriteStateAsync();
        _unpublished.Clear();
        _unreported.Clear();
        _afterCommit.Clear();
        _undoIfNotStored.Clear();
        ReleaseCommandLists();
        _changed = false;
        _observers?.Clear();
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        await EndUserChats(endUser).Forget(ChatId);
        return tombstone;
    }

    /// <summary>
    /// A chat stored before the retention indexes existed joins them when it activates (E1, E3), so
    /// a sweep or an erasure request finds it from then on.
    /// </summary>
    private async Task IndexForRetention()
    {
        if (!State.Started || (State.EndUserIndexed && (State.RetentionIndexed || State.Status != ChatStatus.Ended))) return;
        try
        {
            if (!State.EndUserIndexed)
                await EndUserChats(State.EndUser).Register(new EndUserChatRef(ChatId, State.EndUser.EndUserId, State.QueueId, State.CreatedAt));
            if (State.Status == ChatStatus.Ended && !State.RetentionIndexed)
                await GrainFactory.QueueRetention(State.QueueId).ChatEnded(ChatId, State.EndedAt ?? State.CreatedAt);
            State.EndUserIndexed = true;
            State.RetentionIndexed |= State.Status == ChatStatus.Ended;
            await _chat.WriteStateAsync();
        }
        catch (Exception error)
        {
            // The next activation tries again; the chat works meanwhile.
            _logger.LogWarning(error, "Chat {ChatId} could not join the retention indexes", ChatId);
            await ReloadState();
        }
    }

    private IEndUserChatsGrain EndUserChats(EndUserInfo endUser) =>
        GrainFactory.EndUserChats(EndUserKeys.Of(endUser));

}
