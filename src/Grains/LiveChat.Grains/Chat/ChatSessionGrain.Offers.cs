namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Transfer with accept (T1-T9, docs/rules.md): the assignee offers the chat to a colleague, who
// accepts (and becomes the assignee) or declines (the chat stays). An offer is an entry of the
// chat's invite list with Kind TransferOffer, so it shares the invite machinery (ChatInvites, and the
// one order of ChatSessionGrain.Commands.cs): the receiver's
// Invites list mirrors it (told first, then committed here), expiry runs on the same timer and
// reminder (ChatSessionGrain.Reminders.cs), and whatever cancels pending invites (release, plain
// transfer, end) cancels a pending offer too. The plain immediate transfer stays (Lifecycle.cs).
public sealed partial class ChatSessionGrain
{
    public async Task<Invite> OfferTransfer(string senderId, string receiverId, bool senderStays, string? toQueueId = null, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(OfferTransfer), receiverId, senderStays.ToString(), toQueueId);
        if (Replay(idempotencyKey, AgentCaller(senderId), request) is { } done) return State.Invites.First(i => i.InviteId == done.ResultId);
        EnsureOfferSender(senderId);
        await ExpireDueInvites();
        // T3: one offer at a time, so the chat never has two agents told it is theirs to take.
        if (Invites.PendingOffer is { } pending)
            throw Refuse.Conflict(Rules.T3, $"This chat already has a pending transfer offer to {pending.InviteeDisplayName}: cancel it first.");
        var sender = await RequireAgent(Rules.T1, senderId, "Sender");
        if (!sender.HasPermission(Permissions.ChatAgent))
            throw Refuse.Forbidden(Rules.T1, $"{NameOf(sender)} lacks the {Permissions.ChatAgent} permission needed to transfer a chat.");
        var targetQueue = toQueueId is null || toQueueId == State.QueueId ? State.QueueId : (await RequireQueue(Rules.T4, toQueueId)).QueueId;
        // T4: the sender may stay only in its own queue; a chat moving queues goes to that queue's agents.
        if (senderStays && targetQueue != State.QueueId)
            throw Refuse.Conflict(Rules.T4, "A chat offered to another queue moves there: the sender cannot stay in it.");
        var receiver = await RequireAgent(Rules.T2, receiverId, "Receiver");
        EnsureOfferReceivable(receiver, targetQueue);
        Invites.EnsureRoom("invites and offers");

        var now = _clock.Now;
        var offer = new Invite(Guid.NewGuid().ToString("N")[..12], ChatId, State.QueueId, senderId, receiverId, JoinMode.Participant,
            InviteStatus.Pending, now, now + await OfferExpiry(), InviteHistory.Start(new(now, InviteHistoryKind.Sent, JoinMode.Participant, senderId)), NameOf(receiver),
            InviteKind.TransferOffer, senderStays, targetQueue, NameOf(sender), State.EndUser.DisplayName);
        // Told before the commit, as an invite is (R11): a stored offer is always in its receiver's list.
        await GrainFactory.Agent(receiverId).TrackInvite(offer, notify: false);
        Changing();
        Invites.Add(offer);
        Append(Actor.Agent(senderId), EntryKind.InviteStep, Visibility.Agents,
            $"{NameOf(sender)} offered the chat to {NameOf(receiver)}{(targetQueue != State.QueueId ? $" of queue {targetQueue}" : "")}"
            + $" ({(senderStays ? "staying as a participant" : "leaving after the handover")}).", refId: offer.InviteId);
        Remember(idempotencyKey, AgentCaller(senderId), request, resultId: offer.InviteId, seq: State.LastSeq);
        await EnsureExpiryReminder();
        // T2: pushed to the receiver at once (its Invites list, kind TransferOffer).
        AfterCommit(() => TryAgent(receiverId, a => a.TrackInvite(offer, notify: true)));
        AfterCommit(ScheduleExpirySweep);
        await Commit();
        return offer;
    }

    public async Task<Invite> AcceptOffer(string receiverId, string offerId)
    {
        var offer = await OpenOfferOfReceiver(receiverId, offerId);
        var receiver = await RequireAgent(Rules.T5, receiverId, "Receiver");
        // The receiver may have changed since the offer: it must still be able to own the chat.
        EnsureOfferReceivable(receiver, offer.ToQueueId ?? State.QueueId, offer);
        var senderId = State.AssigneeId!;
        var senderName = State.AssigneeName ?? offer.InviterName ?? senderId;
        var movesQueue = offer.ToQueueId is { } to && to != State.QueueId;
        var oldQueue = State.QueueId;
        var now = _clock.Now;

        // T5: accepting is the receiver's own choice, like taking a chat from the queue view: capacity is not enforced.
        // Told before the commit: the receiver's agent lists the chat first (as in AssignTo), undone there if the change is not stored.
        await GrainFactory.Agent(receiverId).ChatAssigned(ChatId, enforceCapacity: false);
        UndoIfNotStored(() => TryAgent(receiverId, a => a.ChatUnassigned(ChatId)));
        var accepted = ChatInvites.Accepted(offer, receiverId, now);
        Changing();
        Invites.Put(accepted);
        // The new assignee did not send the pending invites (as for release and transfer).
        var closed = CloseOpenInvites(InviteStatus.Cancelled, Actor.System.Id, "the chat changed hands");
        // T4: invitees were found in the old queue: they leave with it, as in a transfer to a queue.
        var leaving = movesQueue ? State.Members.ToList() : [];
        if (movesQueue)
        {
            State.Members.Clear();
            State.QueueId = offer.ToQueueId!;
        }
        // S4: a member who takes the chat is in it once, as its assignee.
        State.Members.RemoveAll(m => m.AgentId == receiverId);
        if (offer.SenderStays) State.Members.Add(new ChatMember(senderId, JoinMode.Participant, now, offer.InviteId, senderName));
        State.AssigneeId = receiverId;
        State.AssigneeName = NameOf(receiver);
        RememberName(receiverId, State.AssigneeName);
        var step = Append(Actor.Agent(receiverId), EntryKind.InviteStep, Visibility.Agents,
            $"{NameOf(receiver)} accepted the transfer offer from {senderName}; {senderName} "
            + (offer.SenderStays ? "stays as a participant." : "left the chat."), refId: offer.InviteId);
        // T5: all the end user learns of the handover.
        Append(Actor.System, EntryKind.Joined, Visibility.Everyone, $"You're now chatting with {NameOf(receiver)}.", refId: receiverId);
        NoteReport(ReportFactKind.Transferred, senderId, queueId: oldQueue);
        AfterCommit(async () =>
        {
            await TryAgent(senderId, a => a.ChatUnassigned(ChatId));
            if (offer.SenderStays) await TryAgent(senderId, a => a.ChatJoined(new JoinedChat(ChatId, JoinMode.Participant, now)));
            foreach (var member in leaving) await TryAgent(member.AgentId, a => a.ChatLeft(ChatId));
            await ForgetInvites([accepted, .. closed]);
            await TryAgent(senderId, a => a.SentOfferAnswered(accepted, step.Seq));
        });
        if (movesQueue)
        {
            AfterCommit(() => GrainFactory.Queue(oldQueue).ChatGone(ChatId));
            AfterCommit(TellQueueActive);
        }
        await Commit();
        return accepted;
    }

    public async Task<Invite> DeclineOffer(string receiverId, string offerId)
    {
        var offer = await OpenOfferOfReceiver(receiverId, offerId);
        // T6: the chat stays with its sender; the offer keeps who declined and when.
        var declined = ChatInvites.Rejected(offer, receiverId, _clock.Now);
        Changing();
        Invites.Put(declined);
        var step = Append(Actor.Agent(receiverId), EntryKind.InviteStep, Visibility.Agents,
            $"{offer.InviteeDisplayName} declined the transfer offer.", refId: offerId);
        AfterCommit(() => ForgetInvites([declined]));
        AfterCommit(() => TryAgent(offer.InviterId, a => a.SentOfferAnswered(declined, step.Seq)));
        await Commit();
        return declined;
    }

    public async Task<Invite> CancelOffer(string senderId, string offerId)
    {
        Refuse.CheckId(Rules.T7, senderId, "Sender id");
        EnsureStarted(Rules.T7);
        await ExpireDueInvites();
        var offer = Invites.FindOffer(Rules.T7, offerId);
        // T7: only the sender, who is the assignee while its offer is pending (a change of assignee cancels it).
        if (offer.InviterId != senderId || RoleOf(senderId) != ChatRole.Assignee)
            throw Refuse.Forbidden(Rules.T7, "Only the assignee who sent a transfer offer can cancel it.");
        if (offer.Status != InviteStatus.Pending)
            throw Refuse.Conflict(Rules.T7, $"Only a pending transfer offer can be cancelled; this one is {StatusOf(offer)}.");
        Changing();
        var cancelled = Close(offer, InviteStatus.Cancelled, senderId, "was cancelled");
        AfterCommit(() => ForgetInvites([cancelled]));
        await Commit();
        return cancelled;
    }

    public async Task<IReadOnlyList<AgentSearchHit>> SearchOfferReceivers(string senderId, string? queueId, string query)
    {
        EnsureOfferSender(senderId);
        if (query is null || query.Length > 100) throw Refuse.Invalid(Rules.T2, "The search text must have at most 100 characters.");
        var queue = queueId is null || queueId == State.QueueId ? State.QueueId : (await RequireQueue(Rules.T4, queueId)).QueueId;
        // Members may take the chat over (S4); agents with a pending invite may not (T2).
        var excluded = Invites.Pending.Select(i => i.InviteeId)
            .Append(senderId)
            .Distinct()
            .ToList();
        return await GrainFactory.Queue(queue).SearchAgents(query, excluded, 20);
    }

    // Offer machinery --------------------------------------------------------------------------

    /// <summary>T1: offering is the transfer of A1, so it is the assignee's, in an active chat.</summary>
    private void EnsureOfferSender(string senderId)
    {
        Refuse.CheckId(Rules.T1, senderId, "Sender id");
        EnsureStarted(Rules.T1);
        if (RoleOf(senderId) != ChatRole.Assignee)
            throw Refuse.Forbidden(Rules.T1, "Only the chat's assignee can offer it to another agent.");
        EnsureActive(Rules.T1);
    }

    /// <summary>T2: who may receive (and, when accepting, still hold) an offer.</summary>
    private void EnsureOfferReceivable(AgentSnapshot receiver, string targetQueue, Invite? accepting = null)
    {
        var name = NameOf(receiver);
        if (receiver.Registration.Disabled)
            throw Refuse.Forbidden(Rules.T2, $"{name} is disabled in the directory.");
        if (!receiver.HasPermission(Permissions.ChatAgent))
            throw Refuse.Forbidden(Rules.T2, $"{name} lacks the {Permissions.ChatAgent} permission needed to own a chat.");
        if (!receiver.Registration.Queues.Contains(targetQueue))
            throw Refuse.Forbidden(Rules.T2, $"{name} does not work the queue the chat would be in.");
        if (receiver.Presence != Presence.Online)
            throw Refuse.Conflict(accepting is null ? Rules.T2 : Rules.T5,
                $"{name} is {receiver.Presence.ToString().ToLowerInvariant()}; only an online agent can {(accepting is null ? "be offered" : "take over")} a chat.");
        if (receiver.AgentId == State.AssigneeId)
            throw Refuse.Conflict(Rules.T2, $"{name} already owns this chat.");
        if (Invites.HasPendingFor(receiver.AgentId, except: accepting))
            throw Refuse.Conflict(Rules.T2, $"{name} has a pending invite to this chat: cancel it or wait for the answer first.");
    }

    /// <summary>The receiver's side (T5, T6): the offer is theirs, pending, and the chat is active.</summary>
    private async Task<Invite> OpenOfferOfReceiver(string receiverId, string offerId)
    {
        Refuse.CheckId(Rules.T5, receiverId, "Receiver id");
        EnsureStarted(Rules.T5);
        await ExpireDueInvites();
        var offer = Invites.FindOffer(Rules.T5, offerId);
        if (offer.InviteeId != receiverId) throw Refuse.Forbidden(Rules.T5, "Only the agent a transfer offer was made to can answer it.");
        if (offer.Status != InviteStatus.Pending)
            throw Refuse.Conflict(Rules.T5, $"The transfer offer was {StatusOf(offer)}.");
        EnsureActive(Rules.T5);
        return offer;
    }

    private static string StatusOf(Invite offer) =>
        offer.Status == InviteStatus.Rejected ? "declined" : offer.Status.ToString().ToLowerInvariant();

    /// <summary>T8: the chat's queue decides how long its offers wait; else the deployment's default.</summary>
    private async Task<TimeSpan> OfferExpiry()
    {
        var queue = await GrainFactory.Queue(State.QueueId).GetInfo();
        return queue?.Definition.OfferExpirySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.OfferExpiry;
    }
}
