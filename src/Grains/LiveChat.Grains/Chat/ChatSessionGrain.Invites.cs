namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Invites (R1-R15) and supervisors joining without one (R13). The chat is the source of truth;
// each invitee's Invites list mirrors it. The list's rules live in ChatInvites (pure domain); the
// commands here follow the one order of ChatSessionGrain.Commands.cs. Sending, resending and
// changing a pending invite tell the invitee's list BEFORE the commit (idempotent, and checked
// against the chat when read), so a failure half-way never leaves an invite in the chat that its
// invitee cannot see; everything else is told after the commit.
public sealed partial class ChatSessionGrain
{
    /// <summary>The chat's invite list and its rules, over the state as it stands.</summary>
    private ChatInvites Invites => new(State.Invites, _options.Limits);

    public async Task<Invite> Invite(string inviterId, string inviteeId, JoinMode mode, string? idempotencyKey = null)
    {
        // The invite as it stands now: a retry learns whether it was answered meanwhile.
        var request = RequestDigest(nameof(Invite), inviteeId, mode.ToString());
        // Only the assignee invites (R3): a former assignee's retry is refused like a new invite, unless it was the assignee when the chat ended.
        if (ReplayIfAllowed(idempotencyKey, AgentCaller(inviterId), request, RoleAtEnd(inviterId) == ChatRole.Assignee, () => EnsureInviterRole(inviterId)) is { } done)
            return State.Invites.First(i => i.InviteId == done.ResultId);
        EnsureInviter(inviterId);
        if (!Enum.IsDefined(mode)) throw Refuse.Invalid(Rules.R5, "The mode must be Participant or Monitor.");
        await ExpireDueInvites();
        var inviter = await RequireAgent(Rules.R1, inviterId, "Inviter");
        if (!inviter.HasPermission(Permissions.ChatAgent))
            throw Refuse.Forbidden(Rules.R1, $"{NameOf(inviter)} lacks the {Permissions.ChatAgent} permission needed to send invites.");
        var invitee = await RequireAgent(Rules.R2, inviteeId, "Invitee");
        EnsureInvitable(invitee);
        Invites.EnsureNoRejectedInvite(inviteeId, NameOf(invitee));
        Invites.EnsureRoom("invites");

        var now = _clock.Now;
        var invite = new Invite(Guid.NewGuid().ToString("N")[..12], ChatId, State.QueueId, inviterId, inviteeId, mode,
            InviteStatus.Pending, now, now + _options.InviteExpiry, InviteHistory.Start(new(now, InviteHistoryKind.Sent, mode, inviterId)), NameOf(invitee));
        // Told before the commit (R11): a stored invite is always in its invitee's list.
        await GrainFactory.Agent(inviteeId).TrackInvite(invite, notify: false);
        Changing();
        Invites.Add(invite);
        Append(Actor.Agent(inviterId), EntryKind.InviteStep, Visibility.Agents,
            $"{NameOf(inviter)} invited {NameOf(invitee)} as {mode}.", refId: invite.InviteId);
        NoteReport(ReportFactKind.InviteSent, inviterId, agentName: NameOf(inviter));
        Remember(idempotencyKey, AgentCaller(inviterId), request, resultId: invite.InviteId, seq: State.LastSeq);
        await EnsureExpiryReminder();
        // R11: the invitee is told at once.
        AfterCommit(() => TryAgent(inviteeId, a => a.TrackInvite(invite, notify: true)));
        AfterCommit(ScheduleExpirySweep);
        await Commit();
        return invite;
    }

    public async Task<Invite> ChangeInviteMode(string inviterId, string inviteId, JoinMode mode)
    {
        EnsureInviter(inviterId);
        if (!Enum.IsDefined(mode)) throw Refuse.Invalid(Rules.R5, "The mode must be Participant or Monitor.");
        await ExpireDueInvites();
        var changed = Invites.ModeChanged(Invites.Find(Rules.R8, inviteId), mode, inviterId, _clock.Now);
        var pending = changed.Status == InviteStatus.Pending;

        // Told before the commit (R11), as when sent: the invitee's list shows the mode the chat stores.
        if (pending) await GrainFactory.Agent(changed.InviteeId).TrackInvite(changed, notify: false);
        Changing();
        Invites.Put(changed);
        Append(Actor.Agent(inviterId), EntryKind.InviteStep, Visibility.Agents,
            $"The invite of {changed.InviteeDisplayName} was changed to {mode}.", refId: inviteId);
        if (pending) AfterCommit(() => TryAgent(changed.InviteeId, a => a.TrackInvite(changed, notify: true)));
        await Commit();
        return changed;
    }

    public async Task<Invite> ResendInvite(string inviterId, string inviteId)
    {
        EnsureInviter(inviterId);
        await ExpireDueInvites();
        var invite = Invites.Find(Rules.R9, inviteId);
        ChatInvites.EnsureResendable(invite);
        var invitee = await RequireAgent(Rules.R2, invite.InviteeId, "Invitee");
        EnsureInvitable(invitee, resending: invite);
        var now = _clock.Now;
        // R9: pending again, with the earlier responses kept in its history.
        var resent = Invites.Resent(invite, inviterId, now, now + _options.InviteExpiry);

        // Told before the commit (R11), as when sent.
        await GrainFactory.Agent(resent.InviteeId).TrackInvite(resent, notify: false);
        Changing();
        Invites.Put(resent);
        Append(Actor.Agent(inviterId), EntryKind.InviteStep, Visibility.Agents,
            $"The invite of {NameOf(invitee)} was resent as {resent.Mode}.", refId: inviteId);
        NoteReport(ReportFactKind.InviteSent, inviterId);
        await EnsureExpiryReminder();
        AfterCommit(() => TryAgent(resent.InviteeId, a => a.TrackInvite(resent, notify: true)));
        AfterCommit(ScheduleExpirySweep);
        await Commit();
        return resent;
    }

    public async Task<Invite> CancelInvite(string inviterId, string inviteId)
    {
        EnsureInviter(inviterId);
        await ExpireDueInvites();
        var cancelled = ChatInvites.Cancelled(Invites.Find(Rules.R14, inviteId), inviterId, _clock.Now);

        Changing();
        PutClosed(cancelled, inviterId, "was cancelled");
        AfterCommit(() => ForgetInvites([cancelled]));
        await Commit();
        return cancelled;
    }

    public async Task<Invite> RespondToInvite(string inviteeId, string inviteId, InviteAnswer answer)
    {
        Refuse.CheckId(Rules.R6, inviteeId, "Invitee id");
        EnsureStarted(Rules.R6);
        if (!Enum.IsDefined(answer)) throw Refuse.Invalid(Rules.R6, "The answer must be Participate, Monitor or Reject.");
        await ExpireDueInvites();
        var invite = Invites.Find(Rules.R6, inviteId);
        ChatInvites.EnsureAnswerable(invite, inviteeId);
        EnsureActive(Rules.R4);
        ChatInvites.EnsureAnswerFits(invite, answer);

        var now = _clock.Now;
        if (answer == InviteAnswer.Reject)
        {
            var rejected = ChatInvites.Rejected(invite, inviteeId, now);
            Changing();
            Invites.Put(rejected);
            Append(Actor.Agent(inviteeId), EntryKind.InviteStep, Visibility.Agents, $"{invite.InviteeDisplayName} rejected the invite.", refId: inviteId);
            NoteReport(ReportFactKind.InviteRejected, inviteeId, agentName: invite.InviteeDisplayName);
            AfterCommit(() => ForgetInvites([rejected]));
            await Commit();
            return rejected;
        }

        if (RoleOf(inviteeId) != ChatRole.None) throw Refuse.Conflict(Rules.R2, "You are already in this chat.");
        var invitee = await RequireAgent(Rules.R6, inviteeId, "Invitee");
        // Tells the invitee's agent before the commit (PrepareJoin), undone if the commit fails (CommitJoin).
        var visibility = await PrepareJoin(invitee, invite.Mode);
        var accepted = ChatInvites.Accepted(invite, inviteeId, now);
        Changing();
        Invites.Put(accepted);
        Append(Actor.Agent(inviteeId), EntryKind.InviteStep, Visibility.Agents,
            $"{NameOf(invitee)} accepted the invite as {invite.Mode}.", refId: inviteId);
        NoteReport(ReportFactKind.InviteAccepted, inviteeId, agentName: NameOf(invitee));
        AfterCommit(() => ForgetInvites([accepted]));
        await CommitJoin(invitee, invite.Mode, inviteId, visibility);
        return accepted;
    }

    public async Task SupervisorJoin(string supervisorId, JoinMode mode)
    {
        Refuse.CheckId(Rules.R13, supervisorId, "Supervisor id");
        if (!Enum.IsDefined(mode)) throw Refuse.Invalid(Rules.R13, "The mode must be Participant or Monitor.");
        EnsureStarted(Rules.R13);
        var supervisor = await RequireAgent(Rules.R13, supervisorId, "Supervisor");
        if (!supervisor.IsSupervisorOf(State.QueueId))
            throw Refuse.Forbidden(Rules.R13, $"{NameOf(supervisor)} does not supervise this chat's queue.");
        EnsureActive(Rules.R13);
        var member = MemberOf(supervisorId);
        if (member is not null && member.Mode != mode)
            throw Refuse.Conflict(Rules.R7, $"{NameOf(supervisor)} already joined as {member.Mode}; the mode cannot be switched.");
        if (RoleOf(supervisorId) != ChatRole.None) throw Refuse.Conflict(Rules.R13, $"{NameOf(supervisor)} is already in this chat.");
        var visibility = await PrepareJoin(supervisor, mode);
        await CommitJoin(supervisor, mode, inviteId: null, visibility);
    }

    /// <summary>
    /// Before a join changes anything: the agent lists the chat (a stale entry there is harmless,
    /// R15 leaves only real members; it is undone should the join not be stored) and S1 decides who
    /// sees the join message.
    /// </summary>
    private async Task<Visibility> PrepareJoin(AgentSnapshot agent, JoinMode mode)
    {
        // S1: a participant's join is shown to everyone; a monitor's to agents only, and only
        // where the queue's system notifications are on (else it stays in the audit trail).
        var visibility = mode == JoinMode.Participant ? Visibility.Everyone
            : (await RequireQueue(Rules.S1, State.QueueId)).Definition.SystemNotifications ? Visibility.Agents : Visibility.Audit;
        await GrainFactory.Agent(agent.AgentId).ChatJoined(new JoinedChat(ChatId, mode, _clock.Now));
        UndoIfNotStored(() => TryAgent(agent.AgentId, a => a.ChatLeft(ChatId)));
        return visibility;
    }

    /// <summary>Adds the member and commits; the agent, told before (<see cref="PrepareJoin"/>), forgets the chat again if the change is not stored.</summary>
    private async Task CommitJoin(AgentSnapshot agent, JoinMode mode, string? inviteId, Visibility visibility)
    {
        Changing();
        State.Members.Add(new ChatMember(agent.AgentId, mode, _clock.Now, inviteId, NameOf(agent)));
        RememberName(agent.AgentId, NameOf(agent));
        var text = mode == JoinMode.Participant ? $"{NameOf(agent)} joined the chat." : $"{NameOf(agent)} joined the chat as a monitor.";
        Append(Actor.Agent(agent.AgentId), EntryKind.Joined, visibility, text, refId: agent.AgentId);
        await Commit();
    }

    public async Task<IReadOnlyList<Invite>> GetInvites(string agentId)
    {
        Refuse.CheckId(Rules.R10, agentId, "Agent id");
        EnsureStarted(Rules.R10);
        if (RoleOf(agentId) == ChatRole.None) throw Refuse.Forbidden(Rules.R10, "Only agents in the chat see its invites.");
        await ExpireDueInvites();
        return State.Invites;
    }

    public async Task<IReadOnlyList<AgentSearchHit>> SearchInvitees(string inviterId, string query)
    {
        EnsureInviter(inviterId);
        if (query is null || query.Length > 100) throw Refuse.Invalid(Rules.R12, "The search text must have at most 100 characters.");
        await ExpireDueInvites();
        var excluded = State.Members.Select(m => m.AgentId)
            .Concat(Invites.Pending.Select(i => i.InviteeId))
            .Append(State.AssigneeId!)
            .Distinct()
            .ToList();
        return await GrainFactory.Queue(State.QueueId).SearchAgents(query, excluded, 20);
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
        EnsureActive(Rules.R4);
    }

    /// <summary>R3 alone: the caller is the chat's assignee (whatever the chat's state).</summary>
    private void EnsureInviterRole(string inviterId)
    {
        Refuse.CheckId(Rules.R3, inviterId, "Inviter id");
        EnsureStarted(Rules.R4);
        if (RoleOf(inviterId) != ChatRole.Assignee)
            throw Refuse.Forbidden(Rules.R3, "Only the chat's assignee can invite; invitees cannot invite.");
    }

    /// <summary>R1 and R2 for the agent about to receive an invite.</summary>
    private void EnsureInvitable(AgentSnapshot invitee, Invite? resending = null)
    {
        var name = NameOf(invitee);
        if (!invitee.HasPermission(Permissions.ChatAgent))
            throw Refuse.Forbidden(Rules.R1, $"{name} lacks the {Permissions.ChatAgent} permission needed to receive invites.");
        if (!invitee.Registration.Queues.Contains(State.QueueId))
            throw Refuse.Forbidden(Rules.R2, $"{name} does not belong to this chat's support queue.");
        if (invitee.Presence != Presence.Online)
            throw Refuse.Conflict(Rules.R2, $"{name} is {invitee.Presence.ToString().ToLowerInvariant()}; only online agents can be invited.");
        if (RoleOf(invitee.AgentId) != ChatRole.None)
            throw Refuse.Conflict(Rules.R2, $"{name} is already in this chat.");
        if (Invites.HasPendingFor(invitee.AgentId, except: resending))
            throw Refuse.Conflict(Rules.R2, $"{name} already has a pending invite to this chat.");
    }

    /// <summary>Closes an invite or offer (R14) and records it in the transcript; the caller commits and then calls <see cref="ForgetInvites"/>.</summary>
    private Invite Close(Invite invite, InviteStatus status, string actorId, string what)
    {
        var closed = ChatInvites.Closed(invite, status, actorId, _clock.Now);
        PutClosed(closed, actorId, what);
        return closed;
    }

    /// <summary>Stores an invite or offer's closed value and appends the transcript line that says so.</summary>
    private void PutClosed(Invite closed, string actorId, string what)
    {
        Invites.Put(closed);
        var actor = actorId == Actor.System.Id ? Actor.System : Actor.Agent(actorId);
        var which = closed.IsOffer ? "The transfer offer to" : "The invite of";
        Append(actor, EntryKind.InviteStep, Visibility.Agents, $"{which} {closed.InviteeDisplayName} {what}.", refId: closed.InviteId);
    }

    /// <summary>Closes every pending invite in memory; the caller commits and then calls <see cref="ForgetInvites"/>.</summary>
    private List<Invite> CloseOpenInvites(InviteStatus status, string actorId, string why) =>
        Invites.Pending.ToList()
            .Select(i => Close(i, status, actorId, $"was cancelled because {why}"))
            .ToList();

    private async Task ForgetInvites(IEnumerable<Invite> closed)
    {
        foreach (var invite in closed) await TryAgent(invite.InviteeId, a => a.ForgetInvite(invite));
    }

    /// <summary>R14: pending invites past their time expire. Runs before every invite step, on a timer while active and on a reminder (ChatSessionGrain.Reminders.cs).</summary>
    private async Task ExpireDueInvites()
    {
        var due = Invites.DueAt(_clock.Now);
        if (due.Count == 0) return;
        Changing();
        var expired = due.Select(i => Close(i, InviteStatus.Expired, Actor.System.Id, "expired unanswered")).ToList();
        AfterCommit(() => ForgetInvites(expired));
        AfterCommit(async () =>
        {
            foreach (var invite in expired) await TryAgent(invite.InviterId, a => a.SentInviteExpired(invite));
        });
        await Commit();
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
    private bool HasTimedWork => Invites.AnyPending || SlaClockPending;

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
