namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

/// <summary>
/// A chat's invite list (invites R5-R9, R14, and transfer offers T3, T9, which share it) as pure
/// domain: it reads and changes only the list it wraps (the chat's state), is given the time, and
/// calls nothing, so its rules are tested without a cluster (ChatInvitesTests). What needs another
/// grain (the agents' permissions and presence, R1, R2) and the order of effects stay in the grain.
/// A transition checks its rules and returns the invite's next value without storing it: the grain
/// may tell the invitee's list first, then stores it with <see cref="Put"/> (nothing changed before).
/// </summary>
internal sealed class ChatInvites(List<Invite> invites, ChatLimitOptions limits)
{
    public IReadOnlyList<Invite> All => invites;

    /// <summary>Invites and offers nobody answered, cancelled or expired yet.</summary>
    public IEnumerable<Invite> Pending => invites.Where(i => i.Status == InviteStatus.Pending);

    public bool AnyPending => invites.Any(i => i.Status == InviteStatus.Pending);

    /// <summary>T3: at most one offer is pending at a time.</summary>
    public Invite? PendingOffer => invites.FirstOrDefault(i => i.IsOffer && i.Status == InviteStatus.Pending);

    /// <summary>R2, T2: whether the agent has an invite or offer pending here (other than <paramref name="except"/>).</summary>
    public bool HasPendingFor(string agentId, Invite? except = null) =>
        invites.Any(i => i.InviteeId == agentId && i.Status == InviteStatus.Pending && i != except);

    /// <summary>R14, T8: the pending invites and offers whose time is up at <paramref name="now"/>.</summary>
    public List<Invite> DueAt(DateTimeOffset now) =>
        invites.Where(i => i.Status == InviteStatus.Pending && i.ExpiresAt <= now).ToList();

    /// <summary>An invite (not an offer, T9) of this chat, else refused with <paramref name="rule"/>.</summary>
    public Invite Find(string rule, string inviteId)
    {
        Refuse.CheckId(rule, inviteId, "Invite id");
        var invite = invites.FirstOrDefault(i => i.InviteId == inviteId)
            ?? throw Refuse.NotFound(rule, $"This chat has no invite '{inviteId}'.");
        EnsureNotOffer(invite);
        return invite;
    }

    /// <summary>A transfer offer of this chat, else refused with <paramref name="rule"/>.</summary>
    public Invite FindOffer(string rule, string offerId)
    {
        Refuse.CheckId(rule, offerId, "Offer id");
        return invites.FirstOrDefault(i => i.InviteId == offerId && i.IsOffer)
            ?? throw Refuse.NotFound(rule, $"This chat has no transfer offer '{offerId}'.");
    }

    /// <summary>T9: the invite routes leave offers alone (an offer is answered by accepting or declining it).</summary>
    public static void EnsureNotOffer(Invite invite)
    {
        if (invite.IsOffer)
            throw Refuse.Conflict(Rules.T9, "This is a transfer offer, not an invite: accept, decline or cancel it as an offer.");
    }

    /// <summary>The chat's invites and offers over its life are bounded (Limits); <paramref name="what"/> names them in the refusal.</summary>
    public void EnsureRoom(string what)
    {
        if (invites.Count >= limits.MaxInvites)
            throw Refuse.Limit($"This chat already sent {invites.Count} {what}, the most one chat may send ({limits.MaxInvites}).");
    }

    /// <summary>R9: an invitee who rejected an invite is invited again by resending it, unless that one used all its steps (Limits).</summary>
    public void EnsureNoRejectedInvite(string inviteeId, string inviteeName)
    {
        if (invites.Any(i => i.InviteeId == inviteeId && !i.IsOffer && i.Status == InviteStatus.Rejected && i.History.Count < limits.MaxInviteSteps))
            throw Refuse.Conflict(Rules.R9, $"{inviteeName} rejected an earlier invite to this chat: resend that invite instead.");
    }

    /// <summary>
    /// The inviter's own steps (mode changes, resends) are bounded; the steps that close an invite
    /// (answers, cancel, expiry) always fit, so an invite can always end.
    /// </summary>
    public void EnsureHistoryRoom(Invite invite)
    {
        if (invite.History.Count >= limits.MaxInviteSteps)
            throw Refuse.Limit($"This invite already has {invite.History.Count} steps, the most one invite may have ({limits.MaxInviteSteps}): send a new one.");
    }

    /// <summary>A new invite or offer joins the list (its checks are the caller's: who may receive it, <see cref="EnsureRoom"/>).</summary>
    public void Add(Invite invite) => invites.Add(invite);

    /// <summary>Stores an invite's next value, as a transition returned it.</summary>
    public void Put(Invite invite)
    {
        var index = invites.FindIndex(i => i.InviteId == invite.InviteId);
        invites[index] = invite;
    }

    // Transitions: each checks its rules and returns the next value; nothing is stored. -------------

    /// <summary>R8: the inviter changes the mode of an invite not accepted (R14: nor closed), within its steps.</summary>
    public Invite ModeChanged(Invite invite, JoinMode mode, string inviterId, DateTimeOffset now)
    {
        switch (invite.Status)
        {
            case InviteStatus.Accepted:
                throw Refuse.Conflict(Rules.R8, "The invite was accepted: its mode can no longer change.");
            case InviteStatus.Cancelled or InviteStatus.Expired:
                throw Refuse.Conflict(Rules.R14, $"The invite is {invite.Status}: send a new one.");
        }
        if (invite.Mode == mode) throw Refuse.Conflict(Rules.R8, $"The invite is already for {mode}.");
        EnsureHistoryRoom(invite);
        return invite with { Mode = mode, History = InviteHistory.Then(invite, new(now, InviteHistoryKind.ModeChanged, mode, inviterId)) };
    }

    /// <summary>R9: only a rejected invite is resent.</summary>
    public static void EnsureResendable(Invite invite)
    {
        if (invite.Status != InviteStatus.Rejected)
            throw Refuse.Conflict(Rules.R9, $"Only a rejected invite can be resent; this one is {invite.Status}.");
    }

    /// <summary>R9: pending again until <paramref name="expiresAt"/>, with the earlier responses kept in its history (within its steps).</summary>
    public Invite Resent(Invite invite, string inviterId, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        EnsureResendable(invite);
        EnsureHistoryRoom(invite);
        return invite with
        {
            Status = InviteStatus.Pending,
            ExpiresAt = expiresAt,
            History = InviteHistory.Then(invite, new(now, InviteHistoryKind.Resent, invite.Mode, inviterId)),
        };
    }

    /// <summary>R14: only a pending invite is cancelled.</summary>
    public static Invite Cancelled(Invite invite, string inviterId, DateTimeOffset now)
    {
        if (invite.Status != InviteStatus.Pending)
            throw Refuse.Conflict(Rules.R14, $"Only a pending invite can be cancelled; this one is {invite.Status}.");
        return Closed(invite, InviteStatus.Cancelled, inviterId, now);
    }

    /// <summary>R14: an invite or offer ends as Cancelled or Expired; closing always fits its history.</summary>
    public static Invite Closed(Invite invite, InviteStatus status, string actorId, DateTimeOffset now)
    {
        var kind = status == InviteStatus.Expired ? InviteHistoryKind.Expired : InviteHistoryKind.Cancelled;
        return invite with { Status = status, History = InviteHistory.Then(invite, new(now, kind, invite.Mode, actorId)) };
    }

    /// <summary>R6, R7, R9, R14: only its invitee answers an invite, and only one still open to an answer.</summary>
    public static void EnsureAnswerable(Invite invite, string inviteeId)
    {
        if (invite.InviteeId != inviteeId) throw Refuse.Forbidden(Rules.R6, "Only the invitee can answer an invite.");
        switch (invite.Status)
        {
            case InviteStatus.Rejected:
                throw Refuse.Conflict(Rules.R9, "You rejected this invite: you can join only after the inviter resends it.");
            case InviteStatus.Accepted:
                throw Refuse.Conflict(Rules.R7, $"You already joined as {invite.Mode}; the mode cannot be switched.");
            case InviteStatus.Cancelled or InviteStatus.Expired:
                throw Refuse.Conflict(Rules.R14, $"The invite was {invite.Status.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>R6: Participate answers a Participant invite, Monitor a Monitor invite; Reject answers either.</summary>
    public static void EnsureAnswerFits(Invite invite, InviteAnswer answer)
    {
        var fits = (answer, invite.Mode) is (InviteAnswer.Reject, _)
            or (InviteAnswer.Participate, JoinMode.Participant) or (InviteAnswer.Monitor, JoinMode.Monitor);
        if (!fits)
            throw Refuse.Invalid(Rules.R6, $"This invite is for {invite.Mode}: answer {(invite.Mode == JoinMode.Participant ? "Participate" : "Monitor")} or Reject.");
    }

    /// <summary>R6, T6: the invitee rejects an invite (declines an offer); it keeps who and when.</summary>
    public static Invite Rejected(Invite invite, string inviteeId, DateTimeOffset now) => invite with
    {
        Status = InviteStatus.Rejected,
        History = InviteHistory.Then(invite, new(now, InviteHistoryKind.Rejected, invite.Mode, inviteeId)),
    };

    /// <summary>R6, T5: the invitee accepts an invite (takes an offer); it keeps who and when.</summary>
    public static Invite Accepted(Invite invite, string inviteeId, DateTimeOffset now) => invite with
    {
        Status = InviteStatus.Accepted,
        History = InviteHistory.Then(invite, new(now, InviteHistoryKind.Accepted, invite.Mode, inviteeId)),
    };
}
