namespace LiveChat.Grains.Agent;

using LiveChat.Grains.Common;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

/// <summary>
/// An agent: who it is, whether it is online, what it owns and joined, and its Invites list.
/// Chats are the source of truth for invites and membership; this grain mirrors them for the
/// console and checks its Invites list against the chats when it is read.
/// </summary>
public sealed class AgentGrain : Grain, IAgentGrain
{
    private readonly IPersistentState<AgentState> _agent;
    private readonly LiveChatClock _clock;
    private readonly LiveChatOptions _options;
    private readonly ILogger<AgentGrain> _logger;
    private readonly ObserverManager<IAgentObserver> _observers;

    public AgentGrain(
        [PersistentState("agent", StorageNames.LiveChat)] IPersistentState<AgentState> agent,
        LiveChatClock clock,
        IOptions<LiveChatOptions> options,
        ILogger<AgentGrain> logger)
    {
        _agent = agent;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _observers = new ObserverManager<IAgentObserver>(_options.ObserverExpiry, logger);
    }

    private AgentState State => _agent.State;
    // Cards may reach a queue out of order; the newest wins. Real time seeds the counter so a
    // new activation never sends a version below one a queue already saw.
    private long _cardVersion = DateTime.UtcNow.Ticks;
    private string AgentId => this.GetPrimaryKeyString();

    public Task<AgentSnapshot> Register(AgentRegistration registration) => Administer(registration, capacity: null);

    public async Task<AgentSnapshot> Administer(AgentRegistration registration, int? capacity)
    {
        DirectoryRules.Validate(registration);
        DirectoryRules.ValidateCapacity(capacity);
        // Agents' names appear in transcript lines the end user reads: clean, and never the system's.
        var profile = CleanProfile(registration.Profile);
        var previousQueues = State.Registration?.Queues.Concat(State.Registration.SupervisedQueues).ToList() ?? [];
        var previousEmail = State.Registration?.Profile.Email;
        if (State.Registration is null) State.IdleSince = _clock.Now;
        State.Registration = registration with
        {
            Profile = profile,
            Permissions = registration.Permissions.Distinct().ToList(),
            Queues = registration.Queues.Distinct().ToList(),
            SupervisedQueues = registration.SupervisedQueues.Distinct().ToList(),
        };
        if (capacity is { } newCapacity) State.Settings = State.Settings with { Capacity = newCapacity };
        // A disabled agent is offline: no queue assigns it a chat (S3) or finds it (R12).
        var wentOffline = registration.Disabled && State.Presence != Presence.Offline;
        if (registration.Disabled) State.Presence = Presence.Offline;
        State.DirectoryVersion++;
        await _agent.WriteStateAsync();
        Publish(AgentEventKind.DirectoryChanged, null);
        await KeepEmailLookup(previousEmail, profile.Email);
        if (wentOffline) Publish(AgentEventKind.PresenceChanged, null);
        // Queues this agent left learn it too: their card says it is no longer a member.
        await TellQueues(previousQueues);
        // Each chat decides whether the agent may stay in it (disabled, lost the queue, lost
        // ESChat_Agent, no longer supervises it): one-way, since the chat calls back to release it
        // or to let it leave, which must not wait on this turn.
        foreach (var chatId in State.AssignedChats.Concat(State.JoinedChats.Select(c => c.ChatId)).Distinct().ToList())
            await GrainFactory.Chat(chatId).MemberDirectoryChanged(AgentId);
        return Snapshot();
    }

    /// <summary>
    /// The email lookup behind sign-in by a provider's "email" claim. After the write: a failure
    /// here leaves a lookup that readers check against this registration, and a retried Register fixes it.
    /// </summary>
    private async Task KeepEmailLookup(string? previous, string current)
    {
        if (previous is not null && AgentEmail.Normalize(previous) != AgentEmail.Normalize(current))
            await GrainFactory.AgentEmail(AgentEmail.Normalize(previous)).Release(AgentId);
        await GrainFactory.AgentEmail(AgentEmail.Normalize(current)).Claim(AgentId);
    }

    private static AgentProfile CleanProfile(AgentProfile profile)
    {
        var clean = profile with { FirstName = TextHygiene.Clean(profile.FirstName), LastName = TextHygiene.Clean(profile.LastName) };
        if (clean.FirstName.Length == 0 || clean.LastName.Length == 0)
            throw Refuse.Invalid(Rules.Names, "An agent's first and last name need visible characters.");
        DisplayNames.Check(clean.FullName, "An agent's name");
        return clean;
    }

    public Task<AgentSnapshot> GetSnapshot()
    {
        EnsureRegistered();
        return Task.FromResult(Snapshot());
    }

    public Task<AgentSnapshot?> Peek() => Task.FromResult(State.Registration is null ? null : Snapshot());

    public async Task<AgentSnapshot> SetPresence(Presence presence)
    {
        EnsureEnabled();
        if (!Enum.IsDefined(presence)) throw Refuse.Invalid(Rules.Directory, "Presence must be Online, Away or Offline.");
        if (presence == State.Presence) return Snapshot();
        var wasOnline = State.Presence == Presence.Online;
        State.Presence = presence;
        if (presence == Presence.Online && !wasOnline) State.IdleSince = _clock.Now;
        // R15: an agent who goes offline leaves the chats it joined; its pending invites stay.
        List<JoinedChat> left = presence == Presence.Offline ? [.. State.JoinedChats] : [];
        if (presence == Presence.Offline) State.JoinedChats.Clear();
        await _agent.WriteStateAsync();
        foreach (var chat in left)
        {
            await GrainFactory.Chat(chat.ChatId).MemberWentOffline(AgentId);
            Publish(AgentEventKind.ChatLeft, chat.ChatId);
        }
        Publish(AgentEventKind.PresenceChanged, null);
        await TellQueues();
        return Snapshot();
    }

    public async Task<AgentSnapshot> UpdateSettings(AgentSettings settings)
    {
        EnsureEnabled();
        if (settings is null || settings.Capacity < 0 || settings.Capacity > AgentSettings.MaxCapacity)
            throw Refuse.Invalid(Rules.Directory, $"Capacity must be between 0 and {AgentSettings.MaxCapacity}.");
        State.Settings = settings;
        await _agent.WriteStateAsync();
        Publish(AgentEventKind.SettingsChanged, null);
        await TellQueues();
        return Snapshot();
    }

    // Invites list (R11) ---------------------------------------------------------------------

    public async Task<IReadOnlyList<Invite>> GetInvites()
    {
        EnsureRegistered();
        // Repair on read: the chat decides. Drop what it closed or never stored; take its latest mode.
        var changed = false;
        foreach (var listed in State.Invites.ToList())
        {
            var current = await GrainFactory.Chat(listed.ChatId).PeekInvite(listed.InviteId);
            if (current is null && _clock.Now - listed.SentAt < _options.InviteRepairGrace) continue;
            if (current is { Status: InviteStatus.Pending })
            {
                if (Same(current, listed)) continue;
                State.Invites[State.Invites.FindIndex(i => i.InviteId == listed.InviteId)] = current;
            }
            else
            {
                State.Invites.RemoveAll(i => i.InviteId == listed.InviteId);
            }
            changed = true;
        }
        if (changed) await _agent.WriteStateAsync();
        return State.Invites.ToList();
    }

    public async Task TrackInvite(Invite invite, bool notify)
    {
        EnsureRegistered();
        if (invite.Status != InviteStatus.Pending)
        {
            await ForgetInvite(invite);
            return;
        }
        var index = State.Invites.FindIndex(i => i.InviteId == invite.InviteId);
        var changed = index < 0 || !Same(State.Invites[index], invite);
        if (index < 0) State.Invites.Add(invite);
        else State.Invites[index] = invite;
        // The chat tells the list first (stored), then again to notify: the second write would
        // store nothing new, and an fsync less is an invite that arrives sooner.
        if (changed) await _agent.WriteStateAsync();
        if (notify)
        {
            var received = invite.History[^1].Kind is InviteHistoryKind.Sent or InviteHistoryKind.Resent;
            Publish(received ? AgentEventKind.InviteReceived : AgentEventKind.InviteUpdated, invite.ChatId, invite,
                browserNotification: received && State.Settings.BrowserNotifications);
        }
    }

    /// <summary>Records compare their lists by reference; two invites are the same when their contents are.</summary>
    private static bool Same(Invite a, Invite b) =>
        a with { History = [] } == b with { History = [] } && a.History.SequenceEqual(b.History);

    public async Task ForgetInvite(Invite invite)
    {
        if (State.Invites.RemoveAll(i => i.InviteId == invite.InviteId) == 0) return;
        await _agent.WriteStateAsync();
        Publish(AgentEventKind.InviteClosed, invite.ChatId, invite);
    }

    public Task SentInviteExpired(Invite invite)
    {
        // Nothing stored: the chat holds the invite; this only tells the inviter's open consoles.
        Publish(AgentEventKind.SentInviteExpired, invite.ChatId, invite);
        return Task.CompletedTask;
    }

    public Task SentOfferAnswered(Invite offer, long seq)
    {
        // Nothing stored: the chat holds the offer with who answered and when; this tells the sender's open consoles.
        Publish(offer.Status == InviteStatus.Accepted ? AgentEventKind.SentOfferAccepted : AgentEventKind.SentOfferDeclined, offer.ChatId, offer, seq: seq);
        return Task.CompletedTask;
    }

    public Task SlaBreached(ChatSla sla, long seq)
    {
        // Nothing stored: the chat holds the breach (its transcript, its SLA state) and the queue's
        // figures flag it; this alerts the supervisor's open consoles, with the entry's seq to catch up from.
        Publish(AgentEventKind.SlaBreached, sla.ChatId, browserNotification: true, seq: seq, sla: sla);
        return Task.CompletedTask;
    }

    // Chats ------------------------------------------------------------------------------------

    public async Task ChatAssigned(string chatId, bool enforceCapacity)
    {
        EnsureEnabled();
        if (State.AssignedChats.Contains(chatId)) return;
        if (enforceCapacity && (State.Presence != Presence.Online || State.AssignedChats.Count >= State.Settings.Capacity))
            throw Refuse.Conflict(Rules.S3, "The agent is not online or has no free capacity.");
        State.AssignedChats.Add(chatId);
        // S4: a chat this agent joined and now owns is listed once, as assigned.
        State.JoinedChats.RemoveAll(c => c.ChatId == chatId);
        State.IdleSince = _clock.Now;
        await _agent.WriteStateAsync();
        Publish(AgentEventKind.ChatAssigned, chatId);
        await TellQueues();
    }

    public async Task ChatUnassigned(string chatId)
    {
        if (!State.AssignedChats.Remove(chatId)) return;
        await _agent.WriteStateAsync();
        Publish(AgentEventKind.ChatUnassigned, chatId);
        await TellQueues();
    }

    public async Task ChatJoined(JoinedChat chat)
    {
        EnsureEnabled();
        if (State.AssignedChats.Contains(chat.ChatId) || State.JoinedChats.Any(c => c.ChatId == chat.ChatId)) return;
        State.JoinedChats.Add(chat);
        await _agent.WriteStateAsync();
        Publish(AgentEventKind.ChatJoined, chat.ChatId);
    }

    public async Task ChatLeft(string chatId)
    {
        if (State.JoinedChats.RemoveAll(c => c.ChatId == chatId) == 0) return;
        await _agent.WriteStateAsync();
        Publish(AgentEventKind.ChatLeft, chatId);
    }

    public Task Subscribe(IAgentObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task<bool> RenewSubscription(IAgentObserver observer) => Task.FromResult(_observers.Renew(observer));

    public Task Unsubscribe(IAgentObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    // Machinery --------------------------------------------------------------------------------

    private void EnsureRegistered()
    {
        if (State.Registration is null) throw Refuse.NotFound(Rules.Directory, $"There is no agent '{AgentId}'.");
    }

    private void EnsureEnabled()
    {
        EnsureRegistered();
        if (State.Registration!.Disabled)
            throw Refuse.Forbidden(Rules.Disabled, $"The agent '{AgentId}' is disabled in the directory.");
    }

    private void Publish(AgentEventKind kind, string? chatId, Invite? invite = null, bool browserNotification = false, long? seq = null, ChatSla? sla = null)
    {
        var agentEvent = new AgentEvent(AgentId, kind, chatId, invite, browserNotification, seq, sla);
        _observers.Notify(o => o.OnAgentEvent(agentEvent));
    }

    /// <summary>Sends this agent's card to every queue it works or supervises (and to queues it just left).</summary>
    private async Task TellQueues(IEnumerable<string>? alsoTell = null)
    {
        var registration = State.Registration!;
        var version = ++_cardVersion;
        var queues = registration.Queues.Concat(registration.SupervisedQueues).Concat(alsoTell ?? []).Distinct();
        foreach (var queueId in queues)
        {
            var card = new AgentCard(AgentId, registration.Profile, registration.Role,
                registration.Permissions.Contains(Permissions.ChatAgent) && !registration.Disabled, State.Presence, State.AssignedChats.Count,
                State.Settings.Capacity, State.IdleSince, registration.Queues.Contains(queueId),
                registration.SupervisedQueues.Contains(queueId), version);
            await GrainFactory.Queue(queueId).AgentChanged(card);
        }
    }

    private AgentSnapshot Snapshot() => new(AgentId, State.Registration!, State.Presence, State.Settings,
        State.AssignedChats.ToList(), State.JoinedChats.ToList(), State.Invites.Count, State.DirectoryVersion);
}
