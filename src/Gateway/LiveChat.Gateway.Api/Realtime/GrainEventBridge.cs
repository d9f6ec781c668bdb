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
/// watches a chat again through the hub, which asks the chat (A11). A renewal that finds the grain
/// had lost the subscription tells that grain's watchers to read again (<see cref="PushFanOut.Stale"/>).
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
        finally
        {
            registry.SubscribeSettled(key);
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
    private long _refreshUntilTicks;
    private long _renewalRounds;

    /// <summary>
    /// The cluster connection was lost, a silo left, or the connection came back after a loss (a
    /// silo restart): grains that were on a silo that went away have forgotten their subscribers
    /// when they wake up elsewhere. For a while the bridge renews every second, because the notices
    /// can arrive before the restarted silo accepts the subscription. It renews with the same
    /// observer references: they stay valid as long as this client lives (their id is the client's,
    /// which a reconnect keeps), so no push is ever sent to a reference this gateway let go of.
    /// </summary>
    public void ConnectionChanged()
    {
        Interlocked.Exchange(ref _refreshUntilTicks, (DateTime.UtcNow + _options.RefreshWindow).Ticks);
        _wake.Release();
    }

    /// <summary>True while the bridge renews every second after a connection change (<see cref="PushOptions.RefreshWindow"/>).</summary>
    public bool InRefreshWindow => DateTime.UtcNow.Ticks < Interlocked.Read(ref _refreshUntilTicks);

    /// <summary>How many renewal rounds have finished since start (operators' and tests' view of the timer).</summary>
    public long RenewalRounds => Interlocked.Read(ref _renewalRounds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var renewEvery = _options.RenewEvery;
            var wait = InRefreshWindow && renewEvery > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : renewEvery;
            await _wake.WaitAsync(wait, stoppingToken);
            // Side by side and each bounded: a call stuck on a dead silo must not hold back the
            // subscriptions behind it (seen: a 30 s wait on one agent kept a chat's pushes away).
            // A renewal only refreshes the grain's entry for the same reference (idempotent), so a
            // grain whose renewal failed keeps pushing to a reference that still answers.
            await Parallel.ForEachAsync(registry.SubscribedKeys(), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = stoppingToken },
                async (key, _) => await Renew(key));
            Interlocked.Increment(ref _renewalRounds);
        }
    }

    private async Task Renew(PushKey key)
    {
        try
        {
            // A grain that had lost this gateway's subscription may have pushed meanwhile to no one:
            // its watchers are told to read again (figures come back from the grain itself).
            if (await RenewSubscription(key).WaitAsync(_options.SubscribeTimeout)) fanOut.Stale(key);
        }
        catch (Exception error)
        {
            // Failing to reach a grain (or waiting too long for it) is how an outage looks from here.
            logger.LogWarning(error, "Renewing the subscription to {Key} failed; retrying next round", key);
        }
    }

    // One reference per observer interface for the life of the process, made on first use. Never
    // replaced: a grain keeps one entry per reference until it expires, so a fresh reference per
    // renewal would make every grain push once per reference it still holds, and a push in flight
    // to a reference deleted meanwhile is dropped by Orleans ("Unexpected target grain").
    private readonly Lock _references = new();
    private IChatObserver? _chatObserver;
    private IAgentObserver? _agentObserver;
    private IQueueObserver? _queueObserver;
    private IQueueWaitingObserver? _waitingObserver;

    private T Reference<T>(ref T? reference) where T : class, IGrainObserver
    {
        lock (_references) return reference ??= grains.CreateObjectReference<T>(this);
    }

    private Task Subscribe(PushKey key) => key switch
    {
        ChatKey chat => grains.Chat(chat.ChatId).Subscribe(Reference(ref _chatObserver)),
        AgentKey agent => grains.Agent(agent.AgentId).Subscribe(Reference(ref _agentObserver)),
        QueueKey queue => grains.Queue(queue.QueueId).Subscribe(Reference(ref _queueObserver)),
        WaitingKey waiting => grains.Queue(waiting.QueueId).SubscribeWaiting(Reference(ref _waitingObserver)),
        _ => throw new ArgumentException($"Unknown subscription {key}."),
    };

    /// <summary>
    /// Renews the grain's entry for this gateway: true when the grain had lost it. A silo older than
    /// this gateway lacks RenewSubscription (a rolling upgrade that reached the gateways first): then
    /// a plain Subscribe keeps the pushes coming and the watchers read again, as if it was lost.
    /// </summary>
    private async Task<bool> RenewSubscription(PushKey key)
    {
        try
        {
            return await (key switch
            {
                ChatKey chat => grains.Chat(chat.ChatId).RenewSubscription(Reference(ref _chatObserver)),
                AgentKey agent => grains.Agent(agent.AgentId).RenewSubscription(Reference(ref _agentObserver)),
                QueueKey queue => grains.Queue(queue.QueueId).RenewSubscription(Reference(ref _queueObserver)),
                WaitingKey waiting => grains.Queue(waiting.QueueId).RenewWaitingSubscription(Reference(ref _waitingObserver)),
                _ => throw new ArgumentException($"Unknown subscription {key}."),
            });
        }
        catch (Exception error) when (error is not TimeoutException and not ArgumentException)
        {
            logger.LogDebug(error, "Renewing {Key} failed; subscribing instead", key);
            await Subscribe(key);
            return true;
        }
    }

    private Task Unsubscribe(PushKey key) => key switch
    {
        ChatKey chat when _chatObserver is { } observer => grains.Chat(chat.ChatId).Unsubscribe(observer),
        AgentKey agent when _agentObserver is { } observer => grains.Agent(agent.AgentId).Unsubscribe(observer),
        QueueKey queue when _queueObserver is { } observer => grains.Queue(queue.QueueId).Unsubscribe(observer),
        WaitingKey waiting when _waitingObserver is { } observer => grains.Queue(waiting.QueueId).UnsubscribeWaiting(observer),
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
