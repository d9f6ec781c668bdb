namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Response-time SLAs (SLA1-SLA9, docs/rules.md). A chat holds at most one clock: first response
// (from its start to the first agent message, SLA2) or reply (from the end user's oldest unanswered
// message to the next agent message, SLA3). The clock is judged on the same timer and the same
// reminder as invite expiry (ChatSessionGrain.Reminders.cs), so it is one reminder per chat, never
// one per message, and a limit that passes while the chat sleeps or the silo is down is still acted on.
// A breach is recorded once per clock (SLA5): a transcript entry for the chat's agents, an alert
// pushed to the queue's supervisors, the flag in the queue's figures, and the queue's action (SLA6, SLA7).
public sealed partial class ChatSessionGrain
{
    // What this activation last told the queue (SLA9). Nothing after activation, so the first change
    // tells the queue again; the reminder re-tells a flag, so a restarted queue learns it again.
    // A chat without a clock (every chat of a queue without limits) keeps only which queue it told
    // so, not a ChatSla of its own: a waiting chat's memory counts a million times (issue #16).
    private ChatSla? _slaTold;
    private string? _slaToldNoClockTo;
    // The queue's reply limit as last read, so an end user's turn costs no queue call on the message
    // path: a change of the queue's setting reaches a running chat within ReplyLimitCacheTime.
    private (string QueueId, int? Seconds, DateTimeOffset ReadAt)? _replyLimit;
    private static readonly TimeSpan ReplyLimitCacheTime = TimeSpan.FromSeconds(30);

    /// <summary>SLA2: a queue with a first-response limit starts the clock with the chat.</summary>
    private void StartFirstResponseClock(QueueDefinition definition)
    {
        if (definition.FirstResponseLimitSeconds is { } seconds)
            State.SlaClock = new SlaClock(SlaClockKind.FirstResponse, State.CreatedAt, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>
    /// Keeps the answer bookkeeping with every entry (<see cref="Append"/>): an end user's message or
    /// file opens its turn unless one is open (a follow-up "hello?" never pushes the deadline back); an
    /// agent's message, canned text, file or shared article in the open answers it and stops the clock.
    /// </summary>
    private void NoteSlaTurn(TranscriptEntry entry)
    {
        if (entry.Visibility != Visibility.Everyone) return;
        if (entry.Actor.Kind == ActorKind.EndUser && entry.Kind is EntryKind.Message or EntryKind.Attachment)
        {
            State.SlaUnansweredSince ??= entry.At;
        }
        else if (entry.Actor.Kind == ActorKind.Agent && entry.Kind is EntryKind.Message or EntryKind.Attachment or EntryKind.ArticleShared)
        {
            // RP1: the first answer counts with its first-response time (from the chat's start, as SLA2 measures it).
            if (State.SlaFirstAnsweredAt is null) NoteReport(ReportFactKind.Answered, entry.Actor.Id, entry.At - State.CreatedAt);
            State.SlaFirstAnsweredAt ??= entry.At;
            State.SlaUnansweredSince = null;
            State.SlaClock = null;
        }
    }

    /// <summary>
    /// SLA3: the end user's turn opened (its entry is appended, not yet committed) and no clock runs:
    /// the queue's reply limit starts one from the turn's first message. Makes sure the reminder exists
    /// before the commit that stores the clock.
    /// </summary>
    private async Task StartReplyClock(bool turnOpened, QueueDefinition? definition = null)
    {
        var now = _clock.Now;
        if (definition is not null) _replyLimit = (State.QueueId, definition.ReplyLimitSeconds, now);
        if (!turnOpened || State.SlaClock is not null || State.Status == ChatStatus.Ended || State.SlaUnansweredSince is not { } since) return;
        if (_replyLimit is not { } known || known.QueueId != State.QueueId || now - known.ReadAt > ReplyLimitCacheTime)
            _replyLimit = known = (State.QueueId, (await GrainFactory.Queue(State.QueueId).GetInfo())?.Definition.ReplyLimitSeconds, now);
        if (known.Seconds is not { } seconds) return;
        State.SlaClock = new SlaClock(SlaClockKind.Reply, since, TimeSpan.FromSeconds(seconds));
        await EnsureExpiryReminder();
    }

    /// <summary>SLA4: the chat's state against its clock, as the dashboard and its agents read it.</summary>
    private ChatSla SlaOf(DateTimeOffset now)
    {
        if (State.SlaClock is not { } clock || State.Status == ChatStatus.Ended) return new ChatSla(ChatId, State.QueueId, SlaStatus.Ok);
        var status = clock.StatusAt(now);
        return new ChatSla(ChatId, State.QueueId, status, clock.Kind, clock.Since, clock.DueAt,
            status == SlaStatus.Breached ? clock.BreachedAt ?? clock.DueAt : null);
    }

    /// <summary>Remembers what the queue was told (null: nothing, so the next change is told).</summary>
    private void RememberSlaTold(ChatSla? sla)
    {
        _slaToldNoClockTo = sla is not null && WithoutClock(sla) ? sla.QueueId : null;
        _slaTold = _slaToldNoClockTo is null ? sla : null;
    }

    private bool SlaToldIs(ChatSla sla) => WithoutClock(sla) ? _slaToldNoClockTo == sla.QueueId : sla == _slaTold;

    // What SlaOf says of a chat without a clock (or ended): nothing but its chat and queue, which this chat knows.
    private static bool WithoutClock(ChatSla sla) =>
        sla is { Status: SlaStatus.Ok, Clock: SlaClockKind.None, Since: null, DueAt: null, BreachedAt: null };

    /// <summary>Whether the clock still has a moment to wait for (due soon, breach): the timer runs while it does.</summary>
    private bool SlaClockPending => State.Started && State.Status != ChatStatus.Ended && State.SlaClock is { BreachedAt: null };

    /// <summary>
    /// SLA9: tells the queue when the chat's state changed since it last did (one-way; the queue keeps
    /// only chats it lists). <paramref name="again"/>: tell a flag even if unchanged (reminder ticks).
    /// </summary>
    private async Task TellQueueSla(bool again = false)
    {
        if (!State.Started) return;
        var sla = SlaOf(_clock.Now);
        if (SlaToldIs(sla) && !(again && sla.Status != SlaStatus.Ok)) return;
        RememberSlaTold(sla);
        try
        {
            await GrainFactory.Queue(State.QueueId).ChatSlaChanged(sla);
        }
        catch (Exception error)
        {
            RememberSlaTold(null);
            _logger.LogWarning(error, "Chat {ChatId} could not tell queue {QueueId} its SLA state", ChatId, State.QueueId);
        }
    }

    /// <summary>SLA5: runs on the expiry timer, the reminder and activation; records a breach once, then tells the queue.</summary>
    private async Task CheckSla(bool tellAgain = false)
    {
        if (!State.Started) return;
        if (SlaClockPending && State.SlaClock is { } clock && _clock.Now >= clock.DueAt)
        {
            try
            {
                await RecordBreach(clock);
            }
            catch (Exception error)
            {
                // From a timer no call filter rolls back: a breach half made is dropped, and the next tick tries again.
                await Rollback();
                _logger.LogWarning(error, "Chat {ChatId} could not record its SLA breach; will try again", ChatId);
                return;
            }
        }
        await TellQueueSla(tellAgain);
    }

    /// <summary>
    /// SLA5-SLA7: one transcript entry for the chat's agents and the queue's action in one write, then
    /// the alert to the queue's supervisors. Everything the action needs is read before the state
    /// changes, so a failed read changes nothing and the next tick tries again.
    /// </summary>
    private async Task RecordBreach(SlaClock clock)
    {
        var queue = await GrainFactory.Queue(State.QueueId).GetInfo();
        var action = queue?.Definition.SlaBreachAction ?? SlaBreachAction.None;
        var active = State.Status == ChatStatus.Active && State.AssigneeId is not null;
        var receiver = action == SlaBreachAction.OfferToAnotherAgent && active ? await SlaOfferReceiver() : null;
        var offer = receiver is null ? null : await SlaOffer(receiver);
        // Told before the commit, as any offer is (R11): a stored offer is always in its receiver's list.
        if (offer is not null) await GrainFactory.Agent(offer.InviteeId).TrackInvite(offer, notify: false);

        Changing();
        State.SlaClock = clock with { BreachedAt = clock.DueAt };
        var limit = clock.Kind == SlaClockKind.FirstResponse ? "first-response" : "reply";
        var breach = Append(Actor.System, EntryKind.SystemMessage, Visibility.Agents,
            $"The {limit} limit of {DescribeLimit(clock.Limit)} passed: {State.EndUser.DisplayName} has waited for an answer since {clock.Since:HH:mm:ss} UTC.",
            refId: SlaEntryRef(clock.Kind));
        NoteReport(ReportFactKind.SlaBreached, State.AssigneeId);
        if (offer is not null)
        {
            // SLA6: a transfer offer (T1-T9) in the assignee's name; it leaves once the receiver accepts.
            Invites.Add(offer);
            Append(Actor.System, EntryKind.InviteStep, Visibility.Agents,
                $"The chat was offered to {offer.InviteeDisplayName} because the {limit} limit passed ({offer.InviterName} leaves after the handover).",
                refId: offer.InviteId);
            await EnsureExpiryReminder();
            AfterCommit(() => TryAgent(offer.InviteeId, a => a.TrackInvite(offer, notify: true)));
            AfterCommit(ScheduleExpirySweep);
        }
        else if (action == SlaBreachAction.ReturnToQueue && active)
        {
            ReturnToQueueForSla(clock);
        }
        else if (action == SlaBreachAction.OfferToAnotherAgent && active)
        {
            Append(Actor.System, EntryKind.SystemMessage, Visibility.Agents, "No other online agent could be offered the chat.");
        }

        // SLA5: the alert, with the seq of the entry that recorded the breach (nothing stored: the flag and the entry are).
        AfterCommit(async () =>
        {
            var sla = SlaOf(_clock.Now);
            foreach (var supervisor in (queue?.Supervisors ?? []).Take(SlaLimits.MaxAlerted))
                await TryAgent(supervisor, a => a.SlaBreached(sla, breach.Seq));
        });
        await Commit();
    }

    /// <summary>What the breach entries carry as their reference: consoles and tests find them by it.</summary>
    public static string SlaEntryRef(SlaClockKind kind) => $"sla:{kind}";

    private static string DescribeLimit(TimeSpan limit) =>
        limit.TotalSeconds < 120 ? $"{limit.TotalSeconds:0} seconds" : limit.TotalMinutes < 120 ? $"{limit.TotalMinutes:0.#} minutes" : $"{limit.TotalHours:0.#} hours";

    /// <summary>
    /// SLA6: an online agent of the queue other than the assignee who may take the chat over (T2),
    /// the least loaded first; none while an offer is pending (T3) or the chat's invites are at their limit.
    /// </summary>
    private async Task<AgentSnapshot?> SlaOfferReceiver()
    {
        if (Invites.PendingOffer is not null || State.Invites.Count >= _options.Limits.MaxInvites) return null;
        var figures = await GrainFactory.Queue(State.QueueId).GetFigures();
        var candidates = figures.AgentsOnline
            .Where(a => a.Presence == Presence.Online && a.AgentId != State.AssigneeId)
            .OrderBy(a => a.Load >= a.Capacity)
            .ThenBy(a => a.Capacity == 0 ? 1.0 : (double)a.Load / a.Capacity)
            .Take(5);
        foreach (var candidate in candidates)
        {
            if (await GrainFactory.Agent(candidate.AgentId).Peek() is not { } agent) continue;
            try
            {
                EnsureOfferReceivable(agent, State.QueueId);
                return agent;
            }
            catch (RuleViolationException)
            {
                // The queue's card was behind the agent (it went away, left the queue): try the next.
            }
        }
        return null;
    }

    private async Task<Invite> SlaOffer(AgentSnapshot receiver)
    {
        var now = _clock.Now;
        var senderId = State.AssigneeId!;
        return new Invite(Guid.NewGuid().ToString("N")[..12], ChatId, State.QueueId, senderId, receiver.AgentId, JoinMode.Participant,
            InviteStatus.Pending, now, now + await OfferExpiry(), InviteHistory.Start(new(now, InviteHistoryKind.Sent, JoinMode.Participant, Actor.System.Id)),
            NameOf(receiver), InviteKind.TransferOffer, SenderStays: false, State.QueueId, State.AssigneeName ?? senderId, State.EndUser.DisplayName);
    }

    /// <summary>
    /// SLA7: the release path without the assignee asking; the caller commits. The chat keeps its
    /// customer's place in line: it waits from when the customer began to wait for the answer, not from now.
    /// </summary>
    private void ReturnToQueueForSla(SlaClock clock)
    {
        var assignee = State.AssigneeId!;
        var closed = CloseOpenInvites(InviteStatus.Cancelled, Actor.System.Id, "the chat went back to the queue");
        State.AssigneeId = null;
        State.AssigneeName = null;
        State.Status = ChatStatus.Waiting;
        State.WaitingSince = clock.Since;
        Append(Actor.System, EntryKind.StateChanged, Visibility.Everyone,
            "The chat went back to the queue so the next free agent can answer.", refId: assignee);
        AfterCommit(() => TryAgent(assignee, a => a.ChatUnassigned(ChatId)));
        AfterCommit(() => ForgetInvites(closed));
        AfterCommit(() => GrainFactory.Queue(State.QueueId).ChatWaiting(ChatId, State.WaitingSince, State.EndUser.DisplayName, State.Preview));
    }
}
