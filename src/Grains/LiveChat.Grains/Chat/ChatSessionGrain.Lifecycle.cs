namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;
using LiveChat.Grains.Queue;

// Lifecycle: Waiting → Active → Ended, with release, transfer and abandon (docs/rules.md "The chat lifecycle", A1).
// Each command follows the one order of ChatSessionGrain.Commands.cs: what other grains must know
// before the change (an agent taking the chat, the end user's index, the retention index) is told
// first, with a comment saying why; everything else is queued with AfterCommit.
public sealed partial class ChatSessionGrain
{
    public async Task<ChatSnapshot> Start(StartChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endUser = CheckEndUser(Rules.Lifecycle, request.EndUser);
        if (request.FirstMessage is not null) Refuse.CheckText(ChatAction.A7_ChatWithEndUser, request.FirstMessage, "The first message");
        CheckStartKey(request.IdempotencyKey);
        var startRequest = StartDigest(request);
        if (State.Tombstone is not null) throw Refuse.Conflict(Rules.E2, $"Chat '{ChatId}' was erased; start a new chat.");
        if (State.Started) return await RetriedStart(request.IdempotencyKey, startRequest);
        var queue = await RequireQueue(Rules.Lifecycle, request.QueueId);
        // B3: outside its business hours a queue takes no live chat (nobody would answer it); the
        // end-user page offers to leave a message instead. A chat started while open stays.
        if (!BusinessSchedule.IsOpen(queue.Definition.BusinessHours, _clock.Now))
            throw Refuse.Conflict(Rules.B3,
                $"{queue.Definition.Name} is closed now (outside its business hours); leave a message instead.");
        await Begin(queue, endUser, $"{endUser.DisplayName} started a chat in {queue.Definition.Name}.", request.FirstMessage,
            request.IdempotencyKey, startRequest, offlineContact: null);
        return Snapshot();
    }

    /// <summary>The end user as a chat keeps it: a valid id, a clean display name (Names), a well-formed visitor identity.</summary>
    private static EndUserInfo CheckEndUser(string rule, EndUserInfo? endUser)
    {
        if (endUser is null) throw Refuse.Invalid(rule, "End user id must be a non-empty id.");
        Refuse.CheckId(rule, endUser.EndUserId, "End user id");
        // Agents see this name on every line the end user writes: shown clean, never as the system.
        var checkedUser = endUser with { DisplayName = DisplayNames.Check(endUser.DisplayName, "The end user's display name") };
        if (endUser.Verified is { } verified)
        {
            Refuse.CheckId(rule, verified.SiteId, "Visitor site id");
            Refuse.CheckId(rule, verified.CustomerId, "Visitor customer id");
            if (verified.Email is { Length: > ChatLimits.MaxEmailLength }) throw Refuse.Invalid(rule, $"A visitor's email has at most {ChatLimits.MaxEmailLength} characters.");
        }
        return checkedUser;
    }

    private static void CheckStartKey(string? key)
    {
        if (key is not null && (!IdempotencyKeys.IsValid(key) || key.Length < IdempotencyKeys.MinStartLength))
            throw Refuse.Invalid(IdempotencyKeys.Rule, $"{IdempotencyKeys.Describe} Starting a chat needs at least {IdempotencyKeys.MinStartLength}.");
    }

    /// <summary>A retried start (the gateway derives this chat's id from the key) gets the chat it started; anything else is refused.</summary>
    private async Task<ChatSnapshot> RetriedStart(string? key, string request)
    {
        if (key is { } retried && State.StartKey is { } started && started.Key == KeyDigest(EndUserCaller(State.EndUser.EndUserId), retried)
            && started.At >= _clock.Now - _options.IdempotencyWindow)
        {
            if (started.Request != request)
                throw Refuse.Conflict(IdempotencyKeys.Rule, "This Idempotency-Key already started a chat with a different request; send a new key for a new chat.");
            if (State.Status == ChatStatus.Waiting) await TellQueueWaiting();
            return Snapshot();
        }
        throw Refuse.Conflict(Rules.Lifecycle, $"Chat '{ChatId}' already exists.");
    }

    /// <summary>
    /// Starts the chat waiting in the queue: a live chat, or a message left for the queue (O2) when
    /// <paramref name="offlineContact"/> is given. One commit, then the queue is told.
    /// </summary>
    private async Task Begin(QueueInfo queue, EndUserInfo endUser, string startLine, string? firstMessage,
        string? key, string request, string? offlineContact)
    {
        var now = _clock.Now;
        // E3, E7: the end user's index knows the chat before the chat is stored, so an erasure
        // request finds every chat of its end user (a start past the index's bound is refused).
        await EndUserChats(endUser).Register(new EndUserChatRef(ChatId, endUser.EndUserId, queue.QueueId, now));
        Changing();
        State.EndUserIndexed = true;
        State.Started = true;
        State.PageSize = TranscriptPaging.PageSize;
        State.PublicNumbered = true;
        State.AliasSalt = AgentAliases.NewSalt();
        State.QueueId = queue.QueueId;
        State.EndUser = endUser;
        State.Status = ChatStatus.Waiting;
        State.CreatedAt = now;
        State.WaitingSince = now;
        State.EndUserLastSeen = now;
        State.Preview = firstMessage is { } first ? first[..Math.Min(first.Length, 140)] : null;
        State.Offline = offlineContact is not null;
        State.OfflineContact = offlineContact;
        Append(Actor.EndUser(endUser.EndUserId), EntryKind.StateChanged, Visibility.Everyone, startLine);
        if (firstMessage is not null)
            Append(Actor.EndUser(endUser.EndUserId), EntryKind.Message, Visibility.Everyone, firstMessage);
        if (offlineContact is not null)
            Append(Actor.System, EntryKind.SystemMessage, Visibility.Agents,
                $"Message left for the team: {endUser.DisplayName} asks to be answered here or at {offlineContact}.");
        if (key is not null)
            State.StartKey = new CommandKey(KeyDigest(EndUserCaller(endUser.EndUserId), key), request, null, State.LastSeq, now);
        // SLA2, SLA3: a live chat's first-response clock starts with it (else its reply clock with a
        // first message). A message left for the team (O2) has no clock: nobody promised it an answer tonight.
        if (!State.Offline)
        {
            StartFirstResponseClock(queue.Definition);
            await StartReplyClock(turnOpened: true, queue.Definition);
        }
        // A new chat without a clock has no flag to tell its queue of.
        if (State.SlaClock is null) RememberSlaTold(SlaOf(now));
        NoteReport(ReportFactKind.Started, agentId: null);
        await EnsureExpiryReminder();
        AfterCommit(ScheduleExpirySweep);
        AfterCommit(TellQueueWaiting);
        await Commit();
    }

    /// <summary>Tells the queue the chat waits there: as a message left for it (O3) or as a live chat.</summary>
    private Task TellQueueWaiting()
    {
        var queue = GrainFactory.Queue(State.QueueId);
        return State.Offline
            ? queue.OfflineChatWaiting(ChatId, State.WaitingSince, State.EndUser.DisplayName, State.Preview)
            : queue.ChatWaiting(ChatId, State.WaitingSince, State.EndUser.DisplayName, State.Preview);
    }

    private static string StartDigest(StartChatRequest request) => RequestDigest(nameof(Start), request.QueueId,
        request.EndUser.EndUserId, request.EndUser.DisplayName, request.FirstMessage,
        request.EndUser.Verified?.SiteId, request.EndUser.Verified?.CustomerId, request.EndUser.Verified?.Email);

    public async Task<ChatSnapshot> Accept(string agentId)
    {
        var agent = await RequireAgent(Rules.Lifecycle, agentId, "Agent");
        EnsureStarted(Rules.Lifecycle);
        if (State.Status != ChatStatus.Waiting) throw Refuse.Conflict(Rules.Lifecycle, $"The chat is {State.Status}, not waiting in a queue.");
        if (!agent.Registration.Queues.Contains(State.QueueId))
            throw Refuse.Forbidden(Rules.Lifecycle, $"{NameOf(agent)} does not work the chat's queue.");
        if (agent.Presence != Presence.Online) throw Refuse.Conflict(Rules.Lifecycle, $"{NameOf(agent)} must be online to take a chat.");
        // Told before the commit: the agent's list takes the chat (AssignTo undoes it if the change is not stored).
        await GrainFactory.Agent(agentId).ChatAssigned(ChatId, enforceCapacity: false);
        AssignTo(agent, Actor.Agent(agentId), $"{NameOf(agent)} accepted the chat.");
        await Commit();
        return Snapshot(agentId);
    }

    public async Task<AssignOutcome> AssignFromQueue(string agentId)
    {
        if (!State.Started || State.Status != ChatStatus.Waiting) return AssignOutcome.ChatNotWaiting;
        var agent = await GrainFactory.Agent(agentId).Peek();
        if (agent is null || agent.Presence != Presence.Online || !agent.Registration.Queues.Contains(State.QueueId))
            return AssignOutcome.AgentUnavailable;
        try
        {
            await GrainFactory.Agent(agentId).ChatAssigned(ChatId, enforceCapacity: true);
        }
        catch (RuleViolationException)
        {
            return AssignOutcome.AgentUnavailable;
        }
        AssignTo(agent, Actor.System, $"The chat was assigned to {NameOf(agent)}.");
        await Commit();
        return AssignOutcome.Assigned;
    }

    /// <summary>
    /// Makes the agent the assignee; the caller commits. The agent already lists the chat (told just
    /// before: its capacity is checked there); undone there if the change is not stored.
    /// </summary>
    private void AssignTo(AgentSnapshot agent, Actor by, string message)
    {
        var agentId = agent.AgentId;
        Changing();
        // S4: an invitee who becomes the assignee is in the chat once, as its assignee.
        State.Members.RemoveAll(m => m.AgentId == agentId);
        State.AssigneeId = agentId;
        State.AssigneeName = NameOf(agent);
        RememberName(agentId, State.AssigneeName);
        State.Status = ChatStatus.Active;
        State.ReportFirstAssignedAt ??= _clock.Now;
        Append(by, EntryKind.Joined, Visibility.Everyone, message, refId: agentId);
        UndoIfNotStored(() => TryAgent(agentId, a => a.ChatUnassigned(ChatId)));
        AfterCommit(TellQueueActive);
    }

    public async Task Release(string agentId)
    {
        EnsureMay(agentId, ChatAction.A1_EndAbandonReleaseTransfer);
        EnsureActive(ChatAction.A1_EndAbandonReleaseTransfer);
        Changing();
        var closed = CloseOpenInvites(InviteStatus.Cancelled, agentId, "the chat went back to the queue");
        State.AssigneeId = null;
        State.AssigneeName = null;
        State.Status = ChatStatus.Waiting;
        State.WaitingSince = _clock.Now;
        Append(Actor.Agent(agentId), EntryKind.StateChanged, Visibility.Everyone, "The chat was released back to the queue.");
        AfterCommit(() => TryAgent(agentId, a => a.ChatUnassigned(ChatId)));
        AfterCommit(() => ForgetInvites(closed));
        AfterCommit(TellQueueWaiting);
        await Commit();
    }

    public async Task TransferToAgent(string agentId, string targetAgentId)
    {
        EnsureMay(agentId, ChatAction.A1_EndAbandonReleaseTransfer);
        EnsureActive(ChatAction.A1_EndAbandonReleaseTransfer);
        var target = await RequireAgent(Rules.A1, targetAgentId, "Target agent");
        if (targetAgentId == agentId) throw Refuse.Conflict(ChatAction.A1_EndAbandonReleaseTransfer, "The chat is already assigned to that agent.");
        if (!target.Registration.Queues.Contains(State.QueueId))
            throw Refuse.Forbidden(ChatAction.A1_EndAbandonReleaseTransfer, $"{NameOf(target)} does not work the chat's queue.");
        if (target.Presence != Presence.Online) throw Refuse.Conflict(ChatAction.A1_EndAbandonReleaseTransfer, $"{NameOf(target)} is not online.");

        // Told before the commit: the target's list takes the chat (AssignTo undoes it if the change is not stored).
        await GrainFactory.Agent(targetAgentId).ChatAssigned(ChatId, enforceCapacity: false);
        Changing();
        var closed = CloseOpenInvites(InviteStatus.Cancelled, agentId, "the chat was transferred");
        Append(Actor.Agent(agentId), EntryKind.Left, Visibility.Everyone, "The chat was transferred.", refId: agentId);
        NoteReport(ReportFactKind.Transferred, agentId);
        AssignTo(target, Actor.Agent(agentId), $"{NameOf(target)} took over the chat.");
        AfterCommit(() => TryAgent(agentId, a => a.ChatUnassigned(ChatId)));
        AfterCommit(() => ForgetInvites(closed));
        await Commit();
    }

    public async Task TransferToQueue(string agentId, string targetQueueId)
    {
        EnsureMay(agentId, ChatAction.A1_EndAbandonReleaseTransfer);
        EnsureActive(ChatAction.A1_EndAbandonReleaseTransfer);
        var target = await RequireQueue(Rules.A1, targetQueueId);
        if (target.QueueId == State.QueueId) throw Refuse.Conflict(ChatAction.A1_EndAbandonReleaseTransfer, "The chat is already in that queue.");

        var oldQueue = State.QueueId;
        Changing();
        var closed = CloseOpenInvites(InviteStatus.Cancelled, agentId, "the chat moved to another queue");
        // Invitees were found in the old queue (R2, R12): they leave with it.
        var members = State.Members.ToList();
        State.Members.Clear();
        State.AssigneeId = null;
        State.AssigneeName = null;
        State.QueueId = target.QueueId;
        State.Status = ChatStatus.Waiting;
        State.WaitingSince = _clock.Now;
        Append(Actor.Agent(agentId), EntryKind.StateChanged, Visibility.Everyone, $"The chat was transferred to {target.Definition.Name}.");
        NoteReport(ReportFactKind.Transferred, agentId, queueId: oldQueue);
        AfterCommit(async () =>
        {
            await TryAgent(agentId, a => a.ChatUnassigned(ChatId));
            foreach (var member in members) await TryAgent(member.AgentId, a => a.ChatLeft(ChatId));
            await ForgetInvites(closed);
        });
        AfterCommit(() => GrainFactory.Queue(oldQueue).ChatGone(ChatId));
        AfterCommit(TellQueueWaiting);
        await Commit();
    }

    public async Task Abandon(string agentId)
    {
        EnsureMay(agentId, ChatAction.A1_EndAbandonReleaseTransfer);
        EnsureActive(ChatAction.A1_EndAbandonReleaseTransfer);
        await EndChat(Actor.Agent(agentId), EndReason.Abandoned, "The chat was abandoned.");
    }

    public async Task End(string agentId)
    {
        EnsureMay(agentId, ChatAction.A1_EndAbandonReleaseTransfer);
        EnsureActive(ChatAction.A1_EndAbandonReleaseTransfer);
        await EndChat(Actor.Agent(agentId), EndReason.EndedByAgent, "The agent ended the chat.");
    }

    public async Task EndByEndUser(string endUserId)
    {
        EnsureEndUser(Rules.Lifecycle, endUserId);
        EnsureNotEnded(Rules.Lifecycle);
        await EndChat(Actor.EndUser(endUserId), EndReason.EndedByEndUser, $"{State.EndUser.DisplayName} ended the chat.");
    }

    /// <summary>Ending closes every pending invite as Cancelled and removes every invitee (the chat lifecycle, docs/rules.md).</summary>
    private async Task EndChat(Actor by, EndReason reason, string message)
    {
        // E1: the queue's retention index learns of the end before anything changes or is stored, so
        // no ended chat escapes the sweep (a failure here ends nothing).
        await GrainFactory.QueueRetention(State.QueueId).ChatEnded(ChatId, _clock.Now);
        Changing();
        var closed = CloseOpenInvites(InviteStatus.Cancelled, by.Id, "the chat ended");
        var members = State.Members.ToList();
        var assignee = State.AssigneeId;
        // Kept for retries of commands they made before the end (IdempotencyKeys).
        State.MembersAtEnd = [.. members];
        State.Members.Clear();
        State.Status = ChatStatus.Ended;
        State.EndReason = reason;
        // SLA: an ended chat waits for no answer.
        State.SlaClock = null;
        State.SlaUnansweredSince = null;
        await NoteEndForSatisfaction(reason);
        State.RetentionIndexed = true;
        Append(by, EntryKind.StateChanged, Visibility.Everyone, message);
        NoteEndReport(reason);
        AfterCommit(async () =>
        {
            if (assignee is not null) await TryAgent(assignee, a => a.ChatUnassigned(ChatId));
            foreach (var member in members) await TryAgent(member.AgentId, a => a.ChatLeft(ChatId));
            await ForgetInvites(closed);
        });
        AfterCommit(() => GrainFactory.Queue(State.QueueId).ChatGone(ChatId));
        await Commit();
    }

    public async Task Leave(string agentId)
    {
        EnsureMay(agentId, ChatAction.A10_Leave);
        EnsureNotEnded(ChatAction.A10_Leave);
        await RemoveMember(agentId, "left the chat", tellAgent: true);
    }

    public async Task MemberWentOffline(string agentId)
    {
        // R15: one-way from the agent, which already dropped the chat from its own list.
        if (!State.Started || State.Status == ChatStatus.Ended || MemberOf(agentId) is null) return;
        try
        {
            // The agent already dropped the chat from its own list: nothing to tell it.
            await RemoveMember(agentId, "went offline and left the chat", tellAgent: false);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Chat {ChatId} could not remove offline member {AgentId}", ChatId, agentId);
        }
    }

    public async Task MemberDirectoryChanged(string agentId)
    {
        // One-way from the agent after a directory change. Decided as a support team would: a
        // chat whose assignee may no longer work this queue goes back to the queue (the customer
        // keeps waiting for someone who may), and a member who may no longer be here leaves.
        if (!State.Started || State.Status == ChatStatus.Ended) return;
        try
        {
            var agent = await GrainFactory.Agent(agentId).Peek();
            var gone = agent is null || agent.Registration.Disabled;
            if (State.AssigneeId == agentId && (gone || !agent!.Registration.Queues.Contains(State.QueueId)))
            {
                await ReleaseByDirectory(agentId, agent is null ? agentId : NameOf(agent));
                return;
            }
            if (MemberOf(agentId) is not { } member) return;
            // Invitees were found as agents of this queue holding ESChat_Agent (R1, R2, R12);
            // supervisors joined as supervisors of this queue (R13).
            var mayStay = !gone && (member.InviteId is not null
                ? agent!.Registration.Queues.Contains(State.QueueId) && agent.HasPermission(Permissions.ChatAgent)
                : agent!.IsSupervisorOf(State.QueueId));
            if (mayStay) return;
            await RemoveMember(agentId, "no longer works this queue and left the chat", tellAgent: true);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Chat {ChatId} could not re-check agent {AgentId} after a directory change", ChatId, agentId);
        }
    }

    /// <summary>Release without the assignee asking: the directory no longer lets it work this chat.</summary>
    private async Task ReleaseByDirectory(string agentId, string name)
    {
        Changing();
        var closed = CloseOpenInvites(InviteStatus.Cancelled, agentId, "the chat went back to the queue");
        State.AssigneeId = null;
        State.AssigneeName = null;
        State.Status = ChatStatus.Waiting;
        State.WaitingSince = _clock.Now;
        Append(Actor.System, EntryKind.StateChanged, Visibility.Everyone,
            $"{name} is no longer available; the chat went back to the queue.", refId: agentId);
        AfterCommit(() => TryAgent(agentId, a => a.ChatUnassigned(ChatId)));
        AfterCommit(() => ForgetInvites(closed));
        AfterCommit(TellQueueWaiting);
        await Commit();
    }

    /// <summary>Removes a member; <paramref name="tellAgent"/>: its own list is told after the commit (it did not drop the chat itself).</summary>
    private async Task RemoveMember(string agentId, string what, bool tellAgent)
    {
        var member = MemberOf(agentId)!;
        // Members carry the name they joined with; only one stored before names were kept needs a look-up.
        var name = member.Name ?? ((await GrainFactory.Agent(agentId).Peek()) is { } agent ? NameOf(agent) : agentId);
        Changing();
        State.Members.Remove(member);
        // The end user never learns of a monitor, arriving or leaving.
        var visibility = member.Mode == JoinMode.Participant ? Visibility.Everyone : Visibility.Agents;
        Append(Actor.Agent(agentId), EntryKind.Left, visibility, $"{name} {what}.", refId: agentId);
        if (tellAgent) AfterCommit(() => TryAgent(agentId, a => a.ChatLeft(ChatId)));
        await Commit();
    }
}
