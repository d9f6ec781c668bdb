namespace LiveChat.Gateway.Realtime;

using LiveChat.Gateway.Endpoints;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// One grain observer per gateway process. It keeps this gateway subscribed to every grain some
/// connection watches (<see cref="SubscriptionRegistry"/>) and hands each event to
/// <see cref="PushFanOut"/>, which decides per connection from the event's audience. Subscriptions
/// are renewed on a timer (observers are transient, and a silo restart forgets them); renewal
/// renews grain subscriptions only and never adds a watcher back: after a reconnect a console
/// watches a chat again through the hub, which asks the chat (A11).
/// </summary>
public sealed class GrainEventBridge(
    IGrainFactory grains,
    SubscriptionRegistry registry,
    PushFanOut fanOut,
    DirectoryEnforcer directory,
    IOptions<PushOptions> options,
    ILogger<GrainEventBridge> logger)
    : BackgroundService, IChatObserver, IAgentObserver, IQueueObserver, IQueueWaitingObserver
{
    private readonly PushOptions _options = options.Value;
    private IChatObserver? _chatObserver;
    private IAgentObserver? _agentObserver;
    private IQueueObserver? _queueObserver;
    private IQueueWaitingObserver? _waitingObserver;

    /// <summary>Adds a watcher and makes sure the grain behind its key pushes to this gateway.</summary>
    public async Task Watch(PushKey key, Watcher watcher)
    {
        if (!registry.Add(key, watcher)) return;
        try
        {
            await Subscribe(key);
        }
        catch
        {
            await Unwatch(key, watcher.ConnectionId);
            throw;
        }
    }

    /// <summary>
    /// Watches a chat for an agent the chat let in at <paramref name="seenSeq"/> (its snapshot).
    /// False, and not watching, when an event after that already left the agent out.
    /// </summary>
    public async Task<bool> WatchChat(string connectionId, string agentId, string chatId, long seenSeq)
    {
        var key = new ChatKey(chatId);
        await Watch(key, new Watcher(connectionId, Viewer.Agent(agentId)));
        if (fanOut.IsStillIn(chatId, agentId, seenSeq)) return true;
        await Unwatch(key, connectionId);
        return false;
    }

    public async Task Unwatch(PushKey key, string connectionId)
    {
        if (registry.Remove(key, connectionId)) await Release(key);
    }

    public async Task UnwatchAll(string connectionId)
    {
        foreach (var key in registry.RemoveConnection(connectionId)) await Release(key);
    }

    public bool IsWatching(string connectionId, PushKey key) => registry.IsWatching(connectionId, key);

    private async Task Release(PushKey key)
    {
        if (key is ChatKey chat) fanOut.Forget(chat.ChatId);
        try
        {
            await Unsubscribe(key);
        }
        catch (Exception error)
        {
            // The subscription expires by itself when not renewed.
            logger.LogDebug(error, "Unsubscribing {Key} failed", key);
        }
    }

    private readonly SemaphoreSlim _wake = new(0);
    // Observer references replaced by a refresh, kept until a round renewed every subscription.
    private readonly List<IGrainObserver> _retired = [];
    private const int MaxRetiredReferences = 30;
    private volatile bool _refreshReferences;
    private long _refreshUntilTicks;

    /// <summary>
    /// The cluster connection was lost or came back (a silo restart): the observer references may
    /// point nowhere now. For a while the bridge subscribes fresh ones every second, because the
    /// notices can arrive before the restarted silo accepts the new subscription.
    /// </summary>
    public void ConnectionChanged()
    {
        Interlocked.Exchange(ref _refreshUntilTicks, (DateTime.UtcNow + _options.RefreshWindow).Ticks);
        _refreshReferences = true;
        _wake.Release();
    }

    /// <summary>True while the bridge renews every second after a connection change (<see cref="PushOptions.RefreshWindow"/>).</summary>
    public bool InRefreshWindow => DateTime.UtcNow.Ticks < Interlocked.Read(ref _refreshUntilTicks);

    private long _renewalRounds;

    /// <summary>How many renewal rounds have finished since start (operators' and tests' view of the timer).</summary>
    public long RenewalRounds => Interlocked.Read(ref _renewalRounds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var renewEvery = _options.RenewEvery;
            var wait = InRefreshWindow && renewEvery > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : renewEvery;
            await _wake.WaitAsync(wait, stoppingToken);
            var refresh = _refreshReferences || InRefreshWindow;
            _refreshReferences = false;
            // Make before break: subscribe new references first, then drop the old ones, so no
            // push falls between them (a console may see one twice; events carry their seq).
            if (refresh) _retired.AddRange(TakeObserverReferences());
            // A long outage refreshes every round: keep the newest few retired references only.
            while (_retired.Count > MaxRetiredReferences)
            {
                grains.DeleteObjectReference<IGrainObserver>(_retired[0]);
                _retired.RemoveAt(0);
            }
            CreateObserverReferences();
            // Side by side and each bounded: a call stuck on a dead silo must not hold back the
            // subscriptions behind it (seen: a 30 s wait on one agent kept a chat's pushes away).
            var failed = 0;
            await Parallel.ForEachAsync(registry.Keys(), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = stoppingToken },
                async (key, _) =>
                {
                    if (!await Renew(key)) Interlocked.Increment(ref failed);
                });
            // Old references go only once every grain holds a new one: a grain whose renewal failed
            // may still push to an old one meanwhile.
            Interlocked.Increment(ref _renewalRounds);
            if (failed > 0) continue;
            foreach (var reference in _retired) grains.DeleteObjectReference<IGrainObserver>(reference);
            _retired.Clear();
        }
    }

    private async Task<bool> Renew(PushKey key)
    {
        try
        {
            await Subscribe(key).WaitAsync(_options.SubscribeTimeout);
            return true;
        }
        catch (Exception error)
        {
            // Failing to reach a grain (or waiting too long for it) is how an outage looks from here.
            _refreshReferences = true;
            logger.LogWarning(error, "Renewing the subscription to {Key} failed; retrying next round", key);
            return false;
        }
    }

    /// <summary>Made before renewals run side by side, so no two of them create a reference each.</summary>
    private void CreateObserverReferences()
    {
        _chatObserver ??= grains.CreateObjectReference<IChatObserver>(this);
        _agentObserver ??= grains.CreateObjectReference<IAgentObserver>(this);
        _queueObserver ??= grains.CreateObjectReference<IQueueObserver>(this);
        _waitingObserver ??= grains.CreateObjectReference<IQueueWaitingObserver>(this);
    }

    private List<IGrainObserver> TakeObserverReferences()
    {
        var taken = new IGrainObserver?[] { _chatObserver, _agentObserver, _queueObserver, _waitingObserver }.OfType<IGrainObserver>().ToList();
        _chatObserver = null;
        _agentObserver = null;
        _queueObserver = null;
        _waitingObserver = null;
        return taken;
    }

    private Task Subscribe(PushKey key) => key switch
    {
        ChatKey chat => grains.Chat(chat.ChatId).Subscribe(_chatObserver ??= grains.CreateObjectReference<IChatObserver>(this)),
        AgentKey agent => grains.Agent(agent.AgentId).Subscribe(_agentObserver ??= grains.CreateObjectReference<IAgentObserver>(this)),
        QueueKey queue => grains.Queue(queue.QueueId).Subscribe(_queueObserver ??= grains.CreateObjectReference<IQueueObserver>(this)),
        WaitingKey waiting => grains.Queue(waiting.QueueId).SubscribeWaiting(_waitingObserver ??= grains.CreateObjectReference<IQueueWaitingObserver>(this)),
        _ => throw new ArgumentException($"Unknown subscription {key}."),
    };

    private Task Unsubscribe(PushKey key) => key switch
    {
        ChatKey chat when _chatObserver is not null => grains.Chat(chat.ChatId).Unsubscribe(_chatObserver),
        AgentKey agent when _agentObserver is not null => grains.Agent(agent.AgentId).Unsubscribe(_agentObserver),
        QueueKey queue when _queueObserver is not null => grains.Queue(queue.QueueId).Unsubscribe(_queueObserver),
        WaitingKey waiting when _waitingObserver is not null => grains.Queue(waiting.QueueId).UnsubscribeWaiting(_waitingObserver),
        _ => Task.CompletedTask,
    };

    public void OnChatEvent(ChatEvent chatEvent)
    {
        // The fan-out dropped the chat's last watcher (it left the chat): stop the grain's pushes too.
        if (fanOut.Chat(chatEvent) is { } emptied) _ = Release(emptied);
    }

    public void OnAgentEvent(AgentEvent agentEvent)
    {
        // A directory change (disabled, lost a queue) is enforced on this gateway's live connections.
        directory.Seen(agentEvent);
        fanOut.Agent(agentEvent);
    }

    public void OnQueueFigures(QueueFigures figures) => fanOut.Queue(figures);

    public void OnQueueWaiting(QueueWaitingEvent waiting)
    {
        // The fan-out dropped the queue's last watcher (its agent lost the queue): stop the grain's pushes too.
        if (fanOut.Waiting(waiting) is { } emptied) _ = Release(emptied);
    }
}
