namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Invites (R1-R15) and supervisors joining without one (R13). The chat is the source of truth;
// each invitee's Invites list mirrors it. Every step first tells the invitee's list (idempotent,
// and checked against the chat when read), then commits here, so a failure half-way never leaves
// an invite in the chat that its invitee cannot see.
public sealed partial class ChatSessionGrain
{
    public async Task<Invite> Invite(string inviterId, string inviteeId, JoinMode mode, string? idempotencyKey = null)
    {
        // The invite as it stands now: a retry learns whether it was answered meanwhile.
        var request = RequestDigest(nameof(Invite), inviteeId, mode.ToString());
        // Only the assignee invites (R3): a former assignee's retry is refused like a new invite, unless it was the assignee when the chat ended.
        if (ReplayIfAllowed(idempotencyKey, AgentCaller(inviterId), request, RoleAtEnd(inviterId) == ChatRole.Assignee, () => EnsureInviterRole(inviterId)) is { } done)
            return State.Invites.First(i => i.InviteId == done.ResultId);
        EnsureInviter(inviterId);
        if (!Enum.IsDefined(mode)) throw Refuse.Invalid("R5", "The mode must be Participant or Monitor.");
        await ExpireDueInvites();
        var inviter = await RequireAgent("R1", inviterId, "Inviter");
        if (!inviter.HasPermission(Permissions.ChatAgent))
            throw Refuse.Forbidden("R1", $"{NameOf(inviter)} lacks the {Permissions.ChatAgent} permission needed to send invites.");
        var invitee = await RequireAgent("R2", inviteeId, "Invitee");
        EnsureInvitable(invitee);
        // R9, unless that invite has used all its steps (Limits): then only a new one can follow it.
        if (State.Invites.Any(i => i.InviteeId == inviteeId && !i.IsOffer && i.Status == InviteStatus.Rejected && i.History.Count < _options.Limits.MaxInviteSteps))
            throw Refuse.Conflict("R9", $"{NameOf(invitee)} rejected an earlier invite to this chat: resend that invite instead.");
        if (State.Invites.Count >= _options.Limits.MaxInvites)
            throw Refuse.Limit($"This chat already sent {State.Invites.Count} invites, the most one chat may send ({_options.Limits.MaxInvites}).");

        var now = _clock.Now;
        var invite = new Invite(Guid.NewGuid().ToString("N")[..12], ChatId, State.QueueId, inviterId, inviteeId, mode,
            InviteStatus.Pending, now, now + _options.InviteExpiry, [new(now, InviteHistoryKind.Sent, mode, inviterId)], NameOf(invitee));
        await Agent(inviteeId).TrackInvite(invite, notify: false);
        State.Invites.Add(invite);
        Append(Actor.Agent(inviterId), EntryKind.InviteStep, Visibility.Agents,
            $"{NameOf(inviter)} invited {NameOf(invitee)} as {mode}.", refId: invite.InviteId);
        NoteReport(ReportFactKind.InviteSent, inviterId, agentName: NameOf(inviter));
        Remember(idempotencyKey, AgentCaller(inviterId), request, resultId: invite.InviteId, seq: State.LastSeq);
        await EnsureExpiryReminder();
        await Commit();
        // R11: the invitee is told at once.
        await TryAgent(inviteeId, a => a.TrackInvite(invite, notify: true));
        ScheduleExpirySweep();
        return invite;
    }

    public async Task<Invite> ChangeInviteMode(string inviterId, string inviteId, JoinMode mode)
    {
        EnsureInviter(inviterId);
        if (!Enum.IsDefined(mode)) throw Refuse.Invalid("R5", "The mode must be Participant or Monitor.");
        await ExpireDueInvites();
        var invite = FindInvite("R8", inviteId);
        switch (invite.Status)
        {
            case InviteStatus.Accepted:
                throw Refuse.Conflict("R8", "The invite was accepted: its mode can no longer change.");
            case InviteStatus.Cancelled or InviteStatus.Expired:
                throw Refuse.Conflict("R14", $"The invite is {invite.Status}: send a new one.");
        }
        if (invite.Mode == mode) throw Refuse.Conflict("R8", $"The invite is already for {mode}.");
        EnsureHistoryRoom(invite);

        var changed = invite with
        {
            Mode = mode,
            History = [.. invite.History, new(_clock.Now, InviteHistoryKind.ModeChanged, mode, inviterId)],
        };
        if (changed.Status == InviteStatus.Pending) await Agent(changed.InviteeId).TrackInvite(changed, notify: false);
        Replace(changed);
        Append(Actor.Agent(inviterId), EntryKind.InviteStep, Visibility.Agents,
            $"The invite of {changed.InviteeDisplayName} was changed to {mode}.", refId: inviteId);
        await Commit();
        if (changed.Status == InviteStatus.Pending) await TryAgent(changed.InviteeId, a => a.TrackInvite(changed, notify: true));
        return changed;
    }

    public async Task<Invite> ResendInvite(string inviterId, string inviteId)
    {
        EnsureInviter(inviterId);
        await ExpireDueInvites();
        var invite = FindInvite("R9", inviteId);
        if (invite.Status != InviteStatus.Rejected)
            throw Refuse.Conflict("R9", $"Only a rejected invite can be resent; this one is {invite.Status}.");
        var invitee = await RequireAgent("R2", invite.InviteeId, "Invitee");
        EnsureInvitable(invitee, resending: invite);
        EnsureHistoryRoom(invite);

        var now = _clock.Now;
        // R9: pending again, with the earlier responses kept in its history.
        var resent = invite with
        {
            Status = InviteStatus.Pending,
            ExpiresAt = now + _options.InviteExpiry,
            History = [.. invite.History, new(now, InviteHistoryKind.Resent, invite.Mode, inviterId)],
        };
        await Agent(resent.InviteeId).TrackInvite(resent, notify: false);
        Replace(resent);
        Append(Actor.Agent(inviterId), EntryKind.InviteStep, Visibility.Agents,
            $"The invite of {NameOf(invitee)} was resent as {resent.Mode}.", refId: inviteId);
        NoteReport(ReportFactKind.InviteSent, inviterId);
        await EnsureExpiryReminder();
        await Commit();
        await TryAgent(resent.InviteeId, a => a.TrackInvite(resent, notify: true));
        ScheduleExpirySweep();
        return resent;
    }

    public async Task<Invite> CancelInvite(string inviterId, string inviteId)
    {
        EnsureInviter(inviterId);
        await ExpireDueInvites();
        var invite = FindInvite("R14", inviteId);
        if (invite.Status != InviteStatus.Pending)
            throw Refuse.Conflict("R14", $"Only a pending invite can be cancelled; this one is {invite.Status}.");
        var cancelled = Close(invite, InviteStatus.Cancelled, inviterId, "was cancelled");
        await Commit();
        await ForgetInvites([cancelled]);
        return cancelled;
    }

    public async Task<Invite> RespondToInvite(string inviteeId, string inviteId, InviteAnswer answer)
    {
        Refuse.CheckId("R6", inviteeId, "Invitee id");
        EnsureStarted("R6");
        if (!Enum.IsDefined(answer)) throw Refuse.Invalid("R6", "The answer must be Participate, Monitor or Reject.");
        await ExpireDueInvites();
        var invite = FindInvite("R6", inviteId);
        if (invite.InviteeId != inviteeId) throw Refuse.Forbidden("R6", "Only the invitee can answer an invite.");
        switch (invite.Status)
        {
            case InviteStatus.Rejected:
                throw Refuse.Conflict("R9", "You rejected this invite: you can join only after the inviter resends it.");
            case InviteStatus.Accepted:
                throw Refuse.Conflict("R7", $"You already joined as {invite.Mode}; the mode cannot be switched.");
            case InviteStatus.Cancelled or InviteStatus.Expired:
                throw Refuse.Conflict("R14", $"The invite was {invite.Status.ToString().ToLowerInvariant()}.");
        }
        EnsureActive("R4");
        var fits = (answer, invite.Mode) is (InviteAnswer.Reject, _)
            or (InviteAnswer.Participate, JoinMode.Participant) or (InviteAnswer.Monitor, JoinMode.Monitor);
        if (!fits)
            throw Refuse.Invalid("R6", $"This invite is for {invite.Mode}: answer {(invite.Mode == JoinMode.Participant ? "Participate" : "Monitor")} or Reject.");

        var now = _clock.Now;
        if (answer == InviteAnswer.Reject)
        {
            var rejected = invite with
            {
                Status = InviteStatus.Rejected,
                History = [.. invite.History, new(now, InviteHistoryKind.Rejected, invite.Mode, inviteeId)],
            };
            Replace(rejected);
            Append(Actor.Agent(inviteeId), EntryKind.InviteStep, Visibility.Agents, $"{invite.InviteeDisplayName} rejected the invite.", refId: inviteId);
            NoteReport(ReportFactKind.InviteRejected, inviteeId, agentName: invite.InviteeDisplayName);
            await Commit();
            await ForgetInvites([rejected]);
            return rejected;
        }

        if (RoleOf(inviteeId) != ChatRole.None) throw Refuse.Conflict("R2", "You are already in this chat.");
        var invitee = await RequireAgent("R6", inviteeId, "Invitee");
        var visibility = await PrepareJoin(invitee, invite.Mode);
        var accepted = invite with
        {
            Status = InviteStatus.Accepted,
            History = [.. invite.History, new(now, InviteHistoryKind.Accepted, invite.Mode, inviteeId)],
        };
        Replace(accepted);
        Append(Actor.Agent(inviteeId), EntryKind.InviteStep, Visibility.Agents,
            $"{NameOf(invitee)} accepted the invite as {invite.Mode}.", refId: inviteId);
        NoteReport(ReportFactKind.InviteAccepted, inviteeId, agentName: NameOf(invitee));
        await CommitJoin(invitee, invite.Mode, inviteId, visibility);
        await ForgetInvites([accepted]);
        return accepted;
    }

    public async Task SupervisorJoin(string supervisorId, JoinMode mode)
    {
        Refuse.CheckId("R13", supervisorId, "Supervisor id");
        if (!Enum.IsDefined(mode)) throw Refuse.Invalid("R13", "The mode must be Participant or Monitor.");
        EnsureStarted("R13");
        var supervisor = await RequireAgent("R13", supervisorId, "Supervisor");
        if (!supervisor.IsSupervisorOf(State.QueueId))
            throw Refuse.Forbidden("R13", $"{NameOf(supervisor)} does not supervise this chat's queue.");
        EnsureActive("R13");
        var member = MemberOf(supervisorId);
        if (member is not null && member.Mode != mode)
            throw Refuse.Conflict("R7", $"{NameOf(supervisor)} already joined as {member.Mode}; the mode cannot be switched.");
        if (RoleOf(supervisorId) != ChatRole.None) throw Refuse.Conflict("R13", $"{NameOf(supervisor)} is already in this chat.");
        var visibility = await PrepareJoin(supervisor, mode);
        await CommitJoin(supervisor, mode, inviteId: null, visibility);
    }

    /// <summary>
    /// Before a join changes anything: the agent lists the chat (a stale entry there is harmless,
    /// R15 leaves only real members) and S1 decides who sees the join message.
    /// </summary>
    private async Task<Visibility> PrepareJoin(AgentSnapshot agent, JoinMode mode)
    {
        // S1: a participant's join is shown to everyone; a monitor's to agents only, and only
        // where the queue's system notifications are on (else it stays in the audit trail).
        var visibility = mode == JoinMode.Participant ? Visibility.Everyone
            : (await RequireQueue("S1", State.QueueId)).Definition.SystemNotifications ? Visibility.Agents : Visibility.Audit;
        await Agent(agent.AgentId).ChatJoined(new JoinedChat(ChatId, mode, _clock.Now));
        return visibility;
    }

    private async Task CommitJoin(AgentSnapshot agent, JoinMode mode, string? inviteId, Visibility visibility)
    {
        State.Members.Add(new ChatMember(agent.AgentId, mode, _clock.Now, inviteId, NameOf(agent)));
        RememberName(agent.AgentId, NameOf(agent));
        var text = mode == JoinMode.Participant ? $"{NameOf(agent)} joined the chat." : $"{NameOf(agent)} joined the chat as a monitor.";
        Append(Actor.Agent(agent.AgentId), EntryKind.Joined, visibility, text, refId: agent.AgentId);
        try
        {
            await Commit();
        }
        catch
        {
            await TryAgent(agent.AgentId, a => a.ChatLeft(ChatId));
            throw;
        }
    }

    public async Task<IReadOnlyList<Invite>> GetInvites(string agentId)
    {
        Refuse.CheckId("R10", agentId, "Agent id");
        EnsureStarted("R10");
        if (RoleOf(agentId) == ChatRole.None) throw Refuse.Forbidden("R10", "Only agents in the chat see its invites.");
        await ExpireDueInvites();
        return State.Invites;
    }

    public async Task<IReadOnlyList<AgentSearchHit>> SearchInvitees(string inviterId, string query)
    {
        EnsureInviter(inviterId);
        if (query is null || query.Length > 100) throw Refuse.Invalid("R12", "The search text must have at most 100 characters.");
        await ExpireDueInvites();
        var excluded = State.Members.Select(m => m.AgentId)
            .Concat(State.Invites.Where(i => i.Status == InviteStatus.Pending).Select(i => i.InviteeId))
            .Append(State.AssigneeId!)
            .Distinct()
            .ToList();
        return await Queue(State.QueueId).SearchAgents(query, excluded, 20);
    }

    public Task<Invite?> PeekInvite(string inviteId)
    {
        var invite = State.Invites.FirstOrDefault(i => i.InviteId == inviteId);
        // Read-only (it interleaves): report an overdue invite as expired without changing it.
        if (invite is { Status: InviteStatus.Pending } && invite.ExpiresAt <= _clock.Now)
            invite = invite with { Status = InviteStatus.Expired };
        return Task.FromResult(invite);
    }

    // Invite machinery ------------------------------------------------------------------------

    /// <summary>R3 and R4: invites are a chat action of the assignee of an active chat.</summary>
    private void EnsureInviter(string inviterId)
    {
        EnsureInviterRole(inviterId);
        EnsureActive("R4");
    }

    /// <summary>R3 alone: the caller is the chat's assignee (whatever the chat's state).</summary>
    private void EnsureInviterRole(string inviterId)
    {
        Refuse.CheckId("R3", inviterId, "Inviter id");
        EnsureStarted("R4");
        if (RoleOf(inviterId) != ChatRole.Assignee)
            throw Refuse.Forbidden("R3", "Only the chat's assignee can invite; invitees cannot invite.");
    }

    /// <summary>R1 and R2 for the agent about to receive an invite.</summary>
    private void EnsureInvitable(AgentSnapshot invitee, Invite? resending = null)
    {
        var name = NameOf(invitee);
        if (!invitee.HasPermission(Permissions.ChatAgent))
            throw Refuse.Forbidden("R1", $"{name} lacks the {Permissions.ChatAgent} permission needed to receive invites.");
        if (!invitee.Registration.Queues.Contains(State.QueueId))
            throw Refuse.Forbidden("R2", $"{name} does not belong to this chat's support queue.");
        if (invitee.Presence != Presence.Online)
            throw Refuse.Conflict("R2", $"{name} is {invitee.Presence.ToString().ToLowerInvariant()}; only online agents can be invited.");
        if (RoleOf(invitee.AgentId) != ChatRole.None)
            throw Refuse.Conflict("R2", $"{name} is already in this chat.");
        if (State.Invites.Any(i => i.InviteeId == invitee.AgentId && i.Status == InviteStatus.Pending && i != resending))
            throw Refuse.Conflict("R2", $"{name} already has a pending invite to this chat.");
    }

    /// <summary>
    /// The inviter's own steps (mode changes, resends) are bounded; the steps that close an invite
    /// (answers, cancel, expiry) always fit, so an invite can always end.
    /// </summary>
    private void EnsureHistoryRoom(Invite invite)
    {
        if (invite.History.Count >= _options.Limits.MaxInviteSteps)
            throw Refuse.Limit($"This invite already has {invite.History.Count} steps, the most one invite may have ({_options.Limits.MaxInviteSteps}): send a new one.");
    }

    private Invite FindInvite(string rule, string inviteId)
    {
        Refuse.CheckId(rule, inviteId, "Invite id");
        var invite = State.Invites.FirstOrDefault(i => i.InviteId == inviteId)
            ?? throw Refuse.NotFound(rule, $"This chat has no invite '{inviteId}'.");
        EnsureNotOffer(invite);
        return invite;
    }

    private void Replace(Invite invite)
    {
        var index = State.Invites.FindIndex(i => i.InviteId == invite.InviteId);
        State.Invites[index] = invite;
    }

    private Invite Close(Invite invite, InviteStatus status, string actorId, string what)
    {
        var kind = status == InviteStatus.Expired ? InviteHistoryKind.Expired : InviteHistoryKind.Cancelled;
        var closed = invite with { Status = status, History = [.. invite.History, new(_clock.Now, kind, invite.Mode, actorId)] };
        Replace(closed);
        var actor = actorId == Actor.System.Id ? Actor.System : Actor.Agent(actorId);
        var which = invite.IsOffer ? "The transfer offer to" : "The invite of";
        Append(actor, EntryKind.InviteStep, Visibility.Agents, $"{which} {invite.InviteeDisplayName} {what}.", refId: invite.InviteId);
        return closed;
    }

    /// <summary>Closes every pending invite in memory; the caller commits and then calls <see cref="ForgetInvites"/>.</summary>
    private List<Invite> CloseOpenInvites(InviteStatus status, string actorId, string why) =>
        State.Invites.Where(i => i.Status == InviteStatus.Pending).ToList()
            .Select(i => Close(i, status, actorId, $"was cancelled because {why}"))
            .ToList();

    private async Task ForgetInvites(IEnumerable<Invite> closed)
    {
        foreach (var invite in closed) await TryAgent(invite.InviteeId, a => a.ForgetInvite(invite));
    }

    /// <summary>R14: pending invites past their time expire. Runs before every invite step, on a timer while active and on a reminder (ChatSessionGrain.Reminders.cs).</summary>
    private async Task ExpireDueInvites()
    {
        var now = _clock.Now;
        var due = State.Invites.Where(i => i.Status == InviteStatus.Pending && i.ExpiresAt <= now).ToList();
        if (due.Count == 0) return;
        var expired = due.Select(i => Close(i, InviteStatus.Expired, Actor.System.Id, "expired unanswered")).ToList();
        await Commit();
        await ForgetInvites(expired);
        foreach (var invite in expired) await TryAgent(invite.InviterId, a => a.SentInviteExpired(invite));
    }

    private void ScheduleExpirySweep()
    {
        if (_expiryTimer is not null || !HasTimedWork) return;
        // Keeps the chat active while an invite is pending, so the invitee's list is told when it expires
        // (and while a response-time clock runs toward its limit, SLA4-SLA5).
        _expiryTimer = this.RegisterGrainTimer(SweepExpiredInvites, new GrainTimerCreationOptions
        {
            DueTime = _options.ExpirySweepInterval,
            Period = _options.ExpirySweepInterval,
            KeepAlive = true,
        });
    }

    /// <summary>Something the expiry timer waits for: a pending invite or offer, or a clock not yet breached.</summary>
    private bool HasTimedWork => State.Invites.Any(i => i.Status == InviteStatus.Pending) || SlaClockPending;

    private async Task SweepExpiredInvites(CancellationToken cancellationToken)
    {
        await ExpireDueInvites();
        await CheckSla();
        if (!HasTimedWork)
        {
            _expiryTimer?.Dispose();
            _expiryTimer = null;
        }
    }
}
