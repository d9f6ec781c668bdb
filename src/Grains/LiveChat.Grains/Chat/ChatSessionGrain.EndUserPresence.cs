namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// The end user's presence, and waiting chats whose end user has gone (decided, docs/rules.md: the lifecycle
// lets the end user end a chat; one who just closes the page would otherwise wait in the queue
// for ever). The gateway's hub reports connections; messages and attachments count as activity.
// The check runs when the queue's timer asks (the queue knows its waiting chats and since when,
// across deactivations) and when the chat activates.
public sealed partial class ChatSessionGrain
{
    /// <summary>
    /// Connections kept at most: one end user has a page or two open; a flood of connections
    /// drops the oldest (which can only make the chat think its end user is still there).
    /// </summary>
    public const int MaxEndUserConnections = 20;

    public async Task EndUserConnected(string endUserId, string connectionId)
    {
        EnsureEndUser(Rules.Lifecycle, endUserId);
        Refuse.CheckId(Rules.Lifecycle, connectionId, "Connection id");
        if (State.Status == ChatStatus.Ended) return;
        Changing();
        if (!State.EndUserConnections.Contains(connectionId))
        {
            State.EndUserConnections.Add(connectionId);
            if (State.EndUserConnections.Count > MaxEndUserConnections) State.EndUserConnections.RemoveAt(0);
        }
        State.EndUserLastSeen = _clock.Now;
        await Commit();
    }

    public async Task EndUserDisconnected(string endUserId, string connectionId)
    {
        // Sent as a connection closes, when there is nobody left to tell of a refusal: a stray notice is dropped.
        if (!State.Started || State.EndUser.EndUserId != endUserId || State.Status == ChatStatus.Ended) return;
        if (!State.EndUserConnections.Contains(connectionId)) return;
        Changing();
        State.EndUserConnections.Remove(connectionId);
        State.EndUserLastSeen = _clock.Now;
        try
        {
            await Commit();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Chat {ChatId} could not record its end user's disconnection", ChatId);
        }
    }

    public async Task<bool> CheckEndUserGone()
    {
        // The queue asks only about chats it holds as waiting: one that no longer waits means the
        // one-way notice that it was taken or ended was lost (a silo failing). Tell it again, so
        // the queue's list heals and keeps no card of an ended chat (E10).
        if (State.Tombstone is { } erased)
        {
            await GrainFactory.Queue(erased.QueueId).ChatGone(ChatId);
            return false;
        }
        if (State.Started && State.Status != ChatStatus.Waiting)
        {
            if (State.Status == ChatStatus.Ended) await GrainFactory.Queue(State.QueueId).ChatGone(ChatId);
            else await TellQueueActive();
            return false;
        }
        if (!EndUserGone()) return false;
        var waited = _options.EndUserGoneAfter;
        await EndChat(Actor.System, EndReason.EndUserGone,
            $"{State.EndUser.DisplayName} left: no connection or activity for {Duration(waited)}. The chat ended.");
        return true;
    }

    /// <summary>
    /// A waiting chat with no connection of its end user and no sign of life for EndUserGoneAfter.
    /// Timed from the later of the last sign of life and the start of the wait, so a chat released
    /// back to the queue gets the full grace again.
    /// </summary>
    private bool EndUserGone()
    {
        if (!State.Started || State.Status != ChatStatus.Waiting || State.EndUserConnections.Count > 0) return false;
        // O3: whoever leaves a message goes away and comes back for the answer with its link.
        if (State.Offline) return false;
        var since = State.EndUserLastSeen > State.WaitingSince ? State.EndUserLastSeen : State.WaitingSince;
        return _clock.Now - since >= _options.EndUserGoneAfter;
    }

    private void EndUserActive() => State.EndUserLastSeen = _clock.Now;

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{(int)span.TotalMinutes} minute{(span.TotalMinutes == 1 ? "" : "s")}"
        : $"{(int)span.TotalSeconds} second{(span.TotalSeconds == 1 ? "" : "s")}";
}
