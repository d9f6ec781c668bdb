namespace LiveChat.Grains.Queue;

using LiveChat.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Utilities;

/// <summary>
/// A support queue: where chats wait, who works them, and what a supervisor sees. Agents keep
/// their card here current; chats report when they wait, become active or go.
/// </summary>
public sealed partial class SupportQueueGrain : Grain, ISupportQueueGrain
{
    private readonly IPersistentState<QueueState> _queue;
    private readonly IPersistentState<QueueCardsState> _storedCards;
    private readonly Serializer<List<AgentCard>> _cardSerializer;
    private readonly LiveChatClock _clock;
    private readonly LiveChatOptions _options;
    private readonly ILogger<SupportQueueGrain> _logger;
    private readonly ObserverManager<IQueueObserver> _observers;
    private IGrainTimer? _pendingCardSave;
    private IGrainTimer? _goneCheck;
    private int _goneCursor;
    // The newest card of every agent who works or supervises this queue, and the same cards in
    // R12's search order; every change goes through SetCard.
    private readonly Dictionary<string, AgentCard> _agents = [];
    private readonly AgentSearchIndex _index = new();
    // Chats waiting for an agent (oldest first) and chats being worked, each stored in segments.
    private SegmentedChatList _waiting = null!;
    private SegmentedChatList _active = null!;
    // Orders stored copies of a chat (QueuedChat.Stamp); starts above every stamp loaded.
    private long _nextStamp;

    /// <summary>How long agent card changes may wait before they are stored, at the least.</summary>
    public static TimeSpan CardSaveDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Storing cards costs the queue about half a microsecond per card; one millisecond per card
    /// between saves keeps that under a thousandth of its time at any size (10 s at 10,000 agents).
    /// </summary>
    public static TimeSpan CardSaveDelayFor(int cards) => TimeSpan.FromTicks(Math.Max(CardSaveDelay.Ticks, TimeSpan.FromMilliseconds(cards).Ticks));

    public SupportQueueGrain(
        [PersistentState("queue", StorageNames.LiveChat)] IPersistentState<QueueState> queue,
        [PersistentState("queue-cards", StorageNames.LiveChat)] IPersistentState<QueueCardsState> storedCards,
        Serializer<List<AgentCard>> cardSerializer,
        LiveChatClock clock,
        IOptions<LiveChatOptions> options,
        ILogger<SupportQueueGrain> logger)
    {
        _queue = queue;
        _storedCards = storedCards;
        _cardSerializer = cardSerializer;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _observers = new ObserverManager<IQueueObserver>(options.Value.ObserverExpiry, logger);
        _waitingObservers = new ObserverManager<IQueueWaitingObserver>(options.Value.ObserverExpiry, logger);
    }

    private QueueState State => _queue.State;
    private string QueueId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadChats();
        var stored = (_storedCards.State.Cards is { } bytes ? _cardSerializer.Deserialize(bytes) : null) ?? State.Agents.Values.ToList();
        foreach (var card in stored) _agents[card.AgentId] = card;
        _index.Rebuild(_agents.Values);
        // Cards an older build kept in the queue's state move to their own.
        if (State.Agents.Count > 0) ScheduleCardSave();
        ScheduleGoneCheck();
        await LoadSatisfaction();
    }

    /// <summary>
    /// Reads the waiting and active segments; moves an older build's lists (kept whole in the head)
    /// into segments, naming them and emptying the old lists in one head write.
    /// </summary>
    private async Task LoadChats()
    {
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.LiveChat);
        _waiting = new SegmentedChatList("waiting", storage, this.GetGrainId(), () => State, s => s.WaitingSegments, () => _queue.WriteStateAsync());
        _active = new SegmentedChatList("active", storage, this.GetGrainId(), () => State, s => s.ActiveSegments, () => _queue.WriteStateAsync());
        await _waiting.Load();
        await _active.Load();
        if (State.Waiting.Count > 0 || State.Active.Count > 0)
        {
            var now = _clock.Now;
            var active = State.Active.Order().Select(id => new QueuedChat(id, now)).ToList();
            // Ordered by arrival as before; a chat in both lists (never written so) counts as active.
            var waiting = State.Waiting.Where(w => !State.Active.Contains(w.ChatId)).OrderBy(w => w.Since).ToList();
            await MoveIntoSegments(_waiting, waiting);
            await MoveIntoSegments(_active, active);
            State.Waiting.Clear();
            State.Active.Clear();
            await _queue.WriteStateAsync();
        }
        // A crash between the two writes of a move leaves a chat in both lists: the newer copy stays.
        foreach (var chat in _waiting.All().Where(w => _active.Contains(w.ChatId)).ToList())
        {
            if (_active.Find(chat.ChatId)!.Stamp > chat.Stamp) await _waiting.Remove(chat.ChatId);
            else await _active.Remove(chat.ChatId);
        }
        _nextStamp = Math.Max(_waiting.MaxStamp, _active.MaxStamp) + 1;
    }

    private static async Task MoveIntoSegments(SegmentedChatList list, List<QueuedChat> chats)
    {
        if (list.Count == 0)
        {
            await list.Import(chats);
            return;
        }
        foreach (var chat in chats.Where(c => !list.Contains(c.ChatId))) await list.Add(chat);
    }

    /// <summary>
    /// Runs a change of the chat lists. A failed write leaves memory ahead of storage, so the
    /// queue deactivates and the next call reads what was stored.
    /// </summary>
    private async Task Change(Func<Task> change)
    {
        try
        {
            await change();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        PublishFigures();
    }

    /// <summary>Keeps an agent's card (null: none) in the card list and in the search index together.</summary>
    private void SetCard(string agentId, AgentCard? card)
    {
        _agents.TryGetValue(agentId, out var previous);
        if (card is null) _agents.Remove(agentId);
        else _agents[agentId] = card;
        _index.Replace(previous, card);
        if (_index.ShouldRenumber) _ = Renumber(_index.StartRenumbering());
    }

    /// <summary>
    /// Sorts and indexes a snapshot of the cards on the thread pool (0.8 s at 100,000 cards, which
    /// inside the queue's turn every search would wait for), then adopts it back on the queue's turn;
    /// searches use the previous numbering meanwhile.
    /// </summary>
    private async Task Renumber(Renumbering renumbering)
    {
        try
        {
            await Task.Run(renumbering.Build);
            _index.Adopt(renumbering);
        }
        catch (Exception error)
        {
            // The index stays correct without it (the unsorted tail only makes searches slower); the next change tries again.
            _index.AbandonRenumbering();
            _logger.LogWarning(error, "Queue {QueueId} could not renumber its agent search index", QueueId);
        }
    }

    public async Task<QueueInfo> Configure(QueueDefinition definition)
    {
        DirectoryRules.Validate(definition);
        State.Definition = definition;
        await _queue.WriteStateAsync();
        await AssignWaitingChats();
        return Info();
    }

    public Task<QueueInfo?> GetInfo() => Task.FromResult(State.Definition is null ? null : Info());

    public Task<QueueFigures> GetFigures() => Task.FromResult(Figures());

    public Task<IReadOnlyList<WaitingChat>> GetWaitingChats()
    {
        var now = _clock.Now;
        return Task.FromResult<IReadOnlyList<WaitingChat>>(_waiting.All().Select(w => new WaitingChat(w.ChatId, w.Since, now - w.Since, w.EndUserName, w.Preview, w.Offline)).ToList());
    }

    public Task<IReadOnlyList<AgentSearchHit>> SearchAgents(string query, IReadOnlyList<string> excludedAgentIds, int max)
    {
        var hits = _index.Search(query ?? "", excludedAgentIds.ToHashSet())
            .Take(Math.Clamp(max, 1, 100))
            .Select(c => new AgentSearchHit(c.AgentId, c.Profile.FirstName, c.Profile.LastName, c.Profile.Email))
            .ToList();
        return Task.FromResult<IReadOnlyList<AgentSearchHit>>(hits);
    }

    // Notifications ----------------------------------------------------------------------------

    public async Task AgentChanged(AgentCard card)
    {
        if (_agents.TryGetValue(card.AgentId, out var known) && known.Version > card.Version) return;
        SetCard(card.AgentId, card.IsMember || card.IsSupervisor ? card : null);
        PublishFigures();
        // Cards are soft state, re-sent by their agents on every change: storing each one as it
        // comes would rewrite every card of a 10,000-agent queue per presence change, so they are
        // stored at most every few seconds. Waiting and active chats are stored at once.
        ScheduleCardSave();
        await AssignWaitingChats();
    }

    private void ScheduleCardSave() =>
        _pendingCardSave ??= this.RegisterGrainTimer(_ => SaveCards(retryOnFailure: true), new GrainTimerCreationOptions
        {
            DueTime = CardSaveDelayFor(_agents.Count),
            Period = Timeout.InfiniteTimeSpan,
        });

    private async Task SaveCards(bool retryOnFailure)
    {
        _pendingCardSave?.Dispose();
        _pendingCardSave = null;
        try
        {
            // Cards are immutable records, so a copy of the list is a snapshot; it is serialized on
            // the thread pool while searches (which interleave) go on reading the live cards.
            var snapshot = _agents.Values.ToList();
            _storedCards.State.Cards = await Task.Run(() => _cardSerializer.SerializeToArray(snapshot));
            await _storedCards.WriteStateAsync();
            State.Agents.Clear();
        }
        catch (Exception error) when (retryOnFailure)
        {
            // Soft state (agents re-send their cards on every change), but worth keeping: try again.
            _logger.LogWarning(error, "Queue {QueueId} could not store its agent cards; will try again", QueueId);
            ScheduleCardSave();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pendingCardSave is not null) await SaveCards(retryOnFailure: false);
    }

    public Task ChatWaiting(string chatId, DateTimeOffset since, string? endUserName = null, string? preview = null) =>
        Waiting(chatId, since, endUserName, preview, offline: false);

    public Task OfflineChatWaiting(string chatId, DateTimeOffset since, string? endUserName = null, string? preview = null) =>
        Waiting(chatId, since, endUserName, preview, offline: true);

    private async Task Waiting(string chatId, DateTimeOffset since, string? endUserName, string? preview, bool offline)
    {
        await Change(async () =>
        {
            // Arrival order is the time the chat started waiting, not the order notices arrive in.
            // The list it joins is written before the one it leaves (see QueuedChat.Stamp).
            if (!_waiting.Contains(chatId)) await AddWaiting(new QueuedChat(chatId, since, endUserName, preview, _nextStamp++, offline));
            await _active.Remove(chatId);
        });
        ScheduleGoneCheck();
        await EnsureGoneCheckReminder();
        await AssignWaitingChats();
    }

    public Task ChatActive(string chatId) => Change(() => MoveToActive(chatId));

    public Task ChatGone(string chatId) => Change(async () =>
    {
        _sla.Remove(chatId);
        await RemoveWaiting(chatId);
        await _active.Remove(chatId);
    });

    private async Task MoveToActive(string chatId)
    {
        // The customer's name stays with the chat until its own card (Q3) arrives.
        var waiting = _waiting.Find(chatId);
        if (!_active.Contains(chatId)) await _active.Add(new QueuedChat(chatId, _clock.Now, waiting?.EndUserName, waiting?.Preview, _nextStamp++));
        await RemoveWaiting(chatId);
    }

    public Task Subscribe(IQueueObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task<bool> RenewSubscription(IQueueObserver observer)
    {
        var lost = _observers.Renew(observer);
        // Figures are a state, not a stream: a lost subscriber gets the current ones at once.
        if (lost) _observers.Notify(o => o.OnQueueFigures(Figures()), o => o.Equals(observer));
        return Task.FromResult(lost);
    }

    public Task Unsubscribe(IQueueObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    // Waiting chats whose end user has gone ----------------------------------------------------

    /// <summary>Chats asked to check themselves per round at most, oldest first; the rest wait for the next round.</summary>
    public const int GoneChecksPerRound = 200;

    /// <summary>
    /// While chats wait here, the queue asks those waiting longer than EndUserGoneAfter to check
    /// whether their end user has gone (the chat decides: it knows connections and activity).
    /// The queue's stored list survives restarts, so the check does too; the timer keeps the
    /// queue active while chats wait.
    /// </summary>
    private void ScheduleGoneCheck()
    {
        if (_goneCheck is not null || _waiting.Count == 0) return;
        _goneCheck = this.RegisterGrainTimer(CheckGoneEndUsers, new GrainTimerCreationOptions
        {
            DueTime = _options.EndUserGoneCheckInterval,
            Period = _options.EndUserGoneCheckInterval,
            KeepAlive = true,
            // The chats it asks may tell this queue they ended meanwhile (one-way, so no deadlock either way).
            Interleave = true,
        });
    }

    private async Task CheckGoneEndUsers(CancellationToken cancellationToken)
    {
        if (_waiting.Count == 0)
        {
            _goneCheck?.Dispose();
            _goneCheck = null;
            return;
        }
        var due = _clock.Now - _options.EndUserGoneAfter;
        // O3: a message left for the queue waits for its answer however long its end user is away.
        var waitedLong = _waiting.All().TakeWhile(w => w.Since <= due).Where(w => !w.Offline).Select(w => w.ChatId).ToList();
        if (waitedLong.Count == 0) return;
        // Round by round through all of them, so chats whose end user is still there cannot keep
        // the ones behind them from being asked.
        _goneCursor %= waitedLong.Count;
        var old = waitedLong.Skip(_goneCursor).Concat(waitedLong.Take(_goneCursor)).Take(GoneChecksPerRound).ToList();
        _goneCursor += old.Count;
        await Task.WhenAll(old.Select(async chatId =>
        {
            try
            {
                await GrainFactory.Chat(chatId).CheckEndUserGone();
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Queue {QueueId} could not ask chat {ChatId} whether its end user has gone", QueueId, chatId);
            }
        }));
    }

    // Automatic assignment --------------------------------------------------------------------

    /// <summary>
    /// Hands waiting chats, oldest first, to the best agent until no chat or no agent is left.
    /// Messages left for the queue (O3) are not handed out: agents take them from the list, so
    /// they never hold an agent's capacity while a live customer waits.
    /// </summary>
    private async Task AssignWaitingChats()
    {
        if (State.Definition is not { AutomaticAssignment: true }) return;
        var skipped = new HashSet<string>();
        while (_waiting.All().FirstOrDefault(w => !w.Offline) is { } chat && AgentMatcher.NextAssignee(_agents.Values, skipped) is { } agent)
        {
            AssignOutcome outcome;
            try
            {
                outcome = await GrainFactory.Chat(chat.ChatId).AssignFromQueue(agent.AgentId);
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Queue {QueueId} could not assign chat {ChatId}; will retry on the next change", QueueId, chat.ChatId);
                return;
            }
            switch (outcome)
            {
                case AssignOutcome.Assigned:
                    // Count the chat now; the agent's own card confirms it shortly.
                    SetCard(agent.AgentId, agent with { Load = agent.Load + 1, IdleSince = _clock.Now });
                    await Change(() => MoveToActive(chat.ChatId));
                    break;
                case AssignOutcome.ChatNotWaiting:
                    await Change(() => RemoveWaiting(chat.ChatId));
                    break;
                default:
                    skipped.Add(agent.AgentId);
                    break;
            }
        }
    }

    private void PublishFigures()
    {
        if (_observers.Count == 0) return;
        var figures = Figures();
        _observers.Notify(o => o.OnQueueFigures(figures));
    }

    private QueueInfo Info() => new(QueueId, State.Definition!,
        _agents.Values.Where(a => a.IsMember).Select(a => a.AgentId).Order().ToList(),
        _agents.Values.Where(a => a.IsSupervisor).Select(a => a.AgentId).Order().ToList());

    private QueueFigures Figures()
    {
        var now = _clock.Now;
        // The waiting list is in arrival order: its first chat has waited longest.
        var longest = _waiting.First is { } first ? now - first.Since : TimeSpan.Zero;
        var online = _agents.Values
            .Where(a => a.IsMember && a.Presence != Presence.Offline)
            .OrderBy(a => a.Profile.LastName)
            .Select(a => new AgentLoad(a.AgentId, a.Profile.FullName, a.Presence, a.Load, a.Capacity))
            .ToList();
        return new QueueFigures(QueueId, _waiting.Count, longest, _active.Count, online, _active.All().Take(QueueFigures.MaxActiveChatIds).Select(a => a.ChatId).Order().ToList(), _satisfaction,
            ActiveChatCards(), AgentsOverCapacity(), FlaggedChats());
    }
}
