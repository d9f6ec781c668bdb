namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

/// <summary>
/// A chat: the story of one conversation between an end user and the agents who help. This file
/// holds the machinery every action shares (load, commit, publish); the actions live in the
/// partial files beside it: lifecycle, conversation, invites, transcript.
/// </summary>
public sealed partial class ChatSessionGrain : Grain, IChatSessionGrain, IIncomingGrainCallFilter, IRemindable
{
    private readonly IPersistentState<ChatState> _chat;
    private readonly LiveChatClock _clock;
    private readonly LiveChatOptions _options;
    private readonly ILogger<ChatSessionGrain> _logger;
    private readonly Webhooks.WebhookRouteCache _webhookRoutes;
    // Made on the first subscription: most chats in memory are waiting ones nobody watches, and a
    // million of them would hold a million empty managers (issue #16, the memory scenario).
    private ObserverManager<IChatObserver>? _observers;
    // Entries appended since the last commit: published once the state holding them is stored.
    private readonly List<TranscriptEntry> _unpublished = [];
    // What the running command does once its change is stored, in order (ChatSessionGrain.Commands.cs).
    private readonly List<Func<Task>> _afterCommit = [];
    // What undoes the running command's tells made before its commit, should its change not be stored.
    private readonly List<Func<Task>> _undoIfNotStored = [];
    // Whether the state in memory holds a change the store has not got yet (ChatSessionGrain.Commands.cs).
    private bool _changed;
    private IGrainTimer? _expiryTimer;

    public ChatSessionGrain(
        [PersistentState("chat", StorageNames.LiveChat)] IPersistentState<ChatState> chat,
        LiveChatClock clock,
        IOptions<LiveChatOptions> options,
        Webhooks.WebhookRouteCache webhookRoutes,
        ILogger<ChatSessionGrain> logger)
    {
        _chat = chat;
        _webhookRoutes = webhookRoutes;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    private ChatState State => _chat.State;
    private string ChatId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Before any call or timer: a chat stored before public numbering is numbered once.
        await EnsurePublicNumbering();
        // SLA9: a chat without a clock has no flag at its queue (it said so when its clock stopped): nothing to tell.
        if (State.Started && State.SlaClock is null) RememberSlaTold(SlaOf(_clock.Now));
        if (State.Started)
        {
            // After activation, not during it: the repair calls invitees, and an invitee may be
            // the very caller that woke this chat up (its list checking an invite with us).
            this.RegisterGrainTimer(RepairAfterActivation, new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = Timeout.InfiniteTimeSpan,
            });
        }
    }

    /// <summary>
    /// What a chat re-checks when it wakes up: a waiting chat whose end user has gone ends; its queue knows where it stands; invites that expired
    /// while it slept expire now (the due-time check survives deactivation); pending ones are
    /// re-delivered to their invitees' lists (idempotent).
    /// </summary>
    private async Task RepairAfterActivation(CancellationToken cancellationToken)
    {
        // A waiting chat whose end user went away while it slept ends now (which tells the queue).
        // Connections it remembers are kept: in client mode the gateway, and the end user's
        // connection to it, outlive a silo (a crashed gateway's connections stay: the chat then
        // waits as before this check existed, never ends one whose end user is there).
        if (State.Status == ChatStatus.Waiting && await CheckEndUserGone()) return;
        // The queue learns of a chat one-way; should a notice have been lost with a crash, the
        // chat tells it again (the queue takes each notice idempotently).
        if (State.Status == ChatStatus.Waiting) await TellQueueWaiting();
        else if (State.Status == ChatStatus.Active) await TellQueueActive();
        await ExpireDueInvites();
        // SLA8: a limit that passed while the chat slept is recorded now; the queue learns the chat's state again.
        await CheckSla();
        await ReportSatisfaction();
        await IndexForRetention();
        foreach (var invite in State.Invites.Where(i => i.Status == InviteStatus.Pending).ToList())
        {
            await TryAgent(invite.InviteeId, a => a.TrackInvite(invite, notify: false));
        }
        // A chat stored before reminders existed (or whose reminder was lost) gets one now.
        await EnsureExpiryReminder();
        ScheduleExpirySweep();
    }

    /// <summary>
    /// A call that failed after changing state in memory but before its commit leaves nothing
    /// behind: its change is rolled back (ChatSessionGrain.Commands.cs), so a refusal or fault
    /// changes nothing. An interleaving read that fails has changed nothing and rolls back nothing.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (Interleaves(context))
        {
            await context.Invoke();
            return;
        }
        try
        {
            await context.Invoke();
        }
        catch
        {
            await Rollback();
            throw;
        }
    }

    /// <summary>Back to the stored state after a refused or failed call (numbered, should it predate numbering).</summary>
    private async Task ReloadState()
    {
        // RP4: facts of a change that was not stored are dropped with it.
        _unreported.Clear();
        await _chat.ReadStateAsync();
        await EnsurePublicNumbering();
    }

    public Task Subscribe(IChatObserver observer)
    {
        Observers().Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task<bool> RenewSubscription(IChatObserver observer) => Task.FromResult(Observers().Renew(observer));

    // Made on the first subscription: a chat no one watches holds none (memory per live chat).
    private ObserverManager<IChatObserver> Observers() => _observers ??= new ObserverManager<IChatObserver>(_options.ObserverExpiry, _logger);

    public Task Unsubscribe(IChatObserver observer)
    {
        _observers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    // Shared machinery ------------------------------------------------------------------------

    private void EnsureStarted(string rule)
    {
        if (State.Tombstone is not null) throw Refuse.NotFound(Rules.E2, $"Chat '{ChatId}' was erased.");
        if (!State.Started) throw Refuse.NotFound(rule, $"There is no chat '{ChatId}'.");
    }

    private void EnsureNotEnded(ChatAction action) => EnsureNotEnded(ChatPermissionTable.RuleId(action));
    private void EnsureActive(ChatAction action) => EnsureActive(ChatPermissionTable.RuleId(action));
    private void EnsureEndUser(ChatAction action, string endUserId) => EnsureEndUser(ChatPermissionTable.RuleId(action), endUserId);

    private void EnsureNotEnded(string rule)
    {
        EnsureStarted(rule);
        if (State.Status == ChatStatus.Ended) throw Refuse.Conflict(rule, "The chat has ended.");
    }

    private void EnsureActive(string rule)
    {
        EnsureStarted(rule);
        if (State.Status != ChatStatus.Active)
            throw Refuse.Conflict(rule, $"The chat is {State.Status}; only an active chat allows this.");
    }

    private ChatRole RoleOf(string agentId)
    {
        if (State.AssigneeId == agentId) return ChatRole.Assignee;
        var member = MemberOf(agentId);
        if (member is null) return ChatRole.None;
        return member.Mode == JoinMode.Participant ? ChatRole.Participant : ChatRole.Monitor;
    }

    private ChatMember? MemberOf(string agentId) => State.Members.FirstOrDefault(m => m.AgentId == agentId);

    /// <summary>The A-table check: refuses with the action's rule id unless the agent's role allows it.</summary>
    private ChatRole EnsureMay(string agentId, ChatAction action)
    {
        var rule = ChatPermissionTable.RuleId(action);
        Refuse.CheckId(rule, agentId, "Agent id");
        EnsureStarted(rule);
        var role = RoleOf(agentId);
        if (!ChatPermissionTable.Allows(role, action))
        {
            var who = role == ChatRole.None ? "an agent not in this chat" : $"the {role.ToString().ToLowerInvariant()}";
            throw Refuse.Forbidden(rule, $"{Describe(action)} is not allowed for {who}.");
        }
        return role;
    }

    private static string Describe(ChatAction action) => action switch
    {
        ChatAction.A1_EndAbandonReleaseTransfer => "Ending, abandoning, releasing or transferring the chat",
        ChatAction.A2_SideNote => "Adding a side note",
        ChatAction.A3_RemoteAccess => "Requesting remote access",
        ChatAction.A4_CreateTicket => "Creating a ticket",
        ChatAction.A5_PinArticle => "Pinning a knowledge article",
        ChatAction.A6_ShareArticle => "Sharing a knowledge article",
        ChatAction.A7_ChatWithEndUser => "Chatting with the end user",
        ChatAction.A8_CannedText => "Using canned text",
        ChatAction.A9_Attachments => "Sending attachments",
        ChatAction.A10_Leave => "Leaving the chat",
        ChatAction.A11_SeeTranscript => "Seeing the transcript",
        _ => action.ToString(),
    };

    private void EnsureEndUser(string rule, string endUserId)
    {
        Refuse.CheckId(rule, endUserId, "End user id");
        EnsureStarted(rule);
        if (State.EndUser.EndUserId != endUserId)
            throw Refuse.Forbidden(rule, "Only the end user of this chat may do this.");
    }

    private TranscriptEntry Append(Actor actor, EntryKind kind, Visibility visibility, string text,
        string? refId = null, AttachmentInfo? attachment = null)
    {
        // What the end user sees is numbered apart, so its numbers never reveal a hidden entry.
        long? publicSeq = visibility == Visibility.Everyone ? ++State.LastPublicSeq : null;
        var entry = new TranscriptEntry(State.LastSeq + 1, _clock.Now, actor, kind, visibility, text, refId, attachment, publicSeq);
        State.LastSeq = entry.Seq;
        Changing();
        State.Tail.Add(entry);
        _unpublished.Add(entry);
        NoteSlaTurn(entry);
        return entry;
    }

    /// <summary>
    /// Stores every change made since the last commit in one write, then runs what follows a stored
    /// change: the pushes to subscribers, webhooks, report facts, the queue's card and SLA flag, then
    /// the command's own effects in the order it queued them (<see cref="AfterCommit(Func{Task})"/>).
    /// On failure the change is rolled back and no effect runs, so a failed call changes nothing.
    /// </summary>
    private async Task Commit()
    {
        try
        {
            await SealFullPages();
            await _chat.WriteStateAsync();
        }
        catch
        {
            // Whatever the command changed in memory (appended or not) differs from the store now.
            _changed = true;
            await Rollback();
            throw;
        }
        _changed = false;
        _undoIfNotStored.Clear();

        // Every event says who may receive it, as the chat stands after this commit: whoever left
        // with it is no longer in the audience, and the end user gets its own form or nothing.
        if (_unpublished.Count > 0) HandOffWebhooks(_unpublished);
        var audience = _unpublished.Count > 0 ? Audience() : null;
        foreach (var entry in _unpublished)
        {
            var chatEvent = new ChatEvent(ChatId, entry, State.Status, State.AssigneeId, audience, EndUserFormOf(entry));
            _observers?.Notify(o => o.OnChatEvent(chatEvent));
        }
        _unpublished.Clear();
        SendReports();
        await TellDashboardCard();
        // SLA9: an answer, a new clock, an end or a move shows on the queue's dashboard.
        await TellQueueSla();
        await RunAfterCommit();
        ReleaseCommandLists();
    }

    /// <summary>Moves full pages out of the tail into page grains before the tail is written.</summary>
    private async Task SealFullPages()
    {
        var pageSize = State.PageSizeInUse;
        while (State.Tail.Count >= pageSize)
        {
            var page = State.Tail.Take(pageSize).ToList();
            await GrainFactory.TranscriptPage(TranscriptPaging.PageKey(ChatId, State.SealedPages)).Store(page);
            // The page index: the end user's number before this page's first entry.
            State.PublicSeqBeforePage.Add(State.LastPublicSeq - State.Tail.Count(IsPublic));
            State.Tail.RemoveRange(0, pageSize);
            State.SealedPages++;
        }
    }


    /// <summary>
    /// Tells an agent about a change the chat already stored. The chat is the source of truth;
    /// an agent that missed this is repaired when its list is read, so a failure is logged, not thrown.
    /// </summary>
    private async Task TryAgent(string agentId, Func<IAgentGrain, Task> call)
    {
        try
        {
            await call(GrainFactory.Agent(agentId));
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Chat {ChatId} could not update agent {AgentId}", ChatId, agentId);
        }
    }

    private async Task<AgentSnapshot> RequireAgent(string rule, string agentId, string who)
    {
        Refuse.CheckId(rule, agentId, $"{who} id");
        return await GrainFactory.Agent(agentId).Peek() ?? throw Refuse.NotFound(rule, $"There is no agent '{agentId}'.");
    }

    private async Task<QueueInfo> RequireQueue(string rule, string queueId)
    {
        Refuse.CheckId(rule, queueId, "Queue id");
        return await GrainFactory.Queue(queueId).GetInfo() ?? throw Refuse.NotFound(rule, $"There is no support queue '{queueId}'.");
    }

    /// <summary>An agent's name as transcript lines show it: clean even if registered before names were checked.</summary>
    private static string NameOf(AgentSnapshot agent) => TextHygiene.Clean(agent.Registration.Profile.FullName);
}
