namespace LiveChat.Gateway.Realtime;

using System.Collections.Concurrent;
using LiveChat.Gateway.Endpoints;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;

/// <summary>What the end user receives of a chat event: never the assignee id, and only entries meant for everyone.</summary>
public sealed record EndUserChatEvent(string ChatId, TranscriptEntry Entry, ChatStatus Status);

/// <summary>
/// One grain observer per gateway process, forwarding grain events to SignalR groups. Grains
/// subscribed to are reference-counted by the connections watching them, and every subscription
/// is renewed on a timer: observers are transient, and a silo restart forgets them.
/// </summary>
public sealed class GrainEventBridge(IGrainFactory grains, IHubContext<LiveChatHub> hub, DirectoryEnforcer directory, ILogger<GrainEventBridge> logger)
    : BackgroundService, IChatObserver, IAgentObserver, IQueueObserver
{
    public static TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, int> _watchers = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byConnection = new();
    private IChatObserver? _chatObserver;
    private IAgentObserver? _agentObserver;
    private IQueueObserver? _queueObserver;

    public static string ChatAgentsGroup(string chatId) => $"chat:{chatId}:agents";
    public static string ChatEndUserGroup(string chatId) => $"chat:{chatId}:enduser";
    public static string AgentGroup(string agentId) => $"agent:{agentId}";
    public static string QueueGroup(string queueId) => $"queue:{queueId}";

    /// <summary>Makes sure the grain behind <paramref name="key"/> ("chat:id", "agent:id", "queue:id") pushes to this gateway.</summary>
    public async Task Watch(string connectionId, string key)
    {
        var keys = _byConnection.GetOrAdd(connectionId, _ => new());
        if (!keys.TryAdd(key, 0)) return;
        if (_watchers.AddOrUpdate(key, 1, (_, n) => n + 1) == 1) await Subscribe(key);
    }

    public async Task Unwatch(string connectionId, string key)
    {
        if (!_byConnection.TryGetValue(connectionId, out var keys) || !keys.TryRemove(key, out _)) return;
        await Release(key);
    }

    public async Task UnwatchAll(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var keys)) return;
        foreach (var key in keys.Keys) await Release(key);
    }

    public bool IsWatching(string connectionId, string key) =>
        _byConnection.TryGetValue(connectionId, out var keys) && keys.ContainsKey(key);

    private async Task Release(string key)
    {
        if (_watchers.AddOrUpdate(key, 0, (_, n) => n - 1) > 0) return;
        _watchers.TryRemove(new KeyValuePair<string, int>(key, 0));
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
    private volatile bool _refreshReferences;
    private long _refreshUntilTicks;

    /// <summary>How long after a connection change the bridge keeps subscribing fresh references, quickly.</summary>
    public static TimeSpan RefreshWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cluster connection was lost or came back (a silo restart): the observer references may
    /// point nowhere now. For a while the bridge subscribes fresh ones every second, because the
    /// notices can arrive before the restarted silo accepts the new subscription.
    /// </summary>
    public void ConnectionChanged()
    {
        Interlocked.Exchange(ref _refreshUntilTicks, (DateTime.UtcNow + RefreshWindow).Ticks);
        _refreshReferences = true;
        _wake.Release();
    }

    private bool InRefreshWindow => DateTime.UtcNow.Ticks < Interlocked.Read(ref _refreshUntilTicks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = InRefreshWindow && RenewEvery > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : RenewEvery;
            await _wake.WaitAsync(wait, stoppingToken);
            var refresh = _refreshReferences || InRefreshWindow;
            _refreshReferences = false;
            // Make before break: subscribe new references first, then drop the old ones, so no
            // push falls between them (a console may see one twice; events carry their seq).
            var old = refresh ? TakeObserverReferences() : [];
            foreach (var key in _watchers.Keys)
            {
                try
                {
                    await Subscribe(key);
                }
                catch (Exception error)
                {
                    // Failing to reach a grain is how an outage looks from here, too.
                    _refreshReferences = true;
                    logger.LogWarning(error, "Renewing the subscription to {Key} failed; retrying next round", key);
                }
            }
            foreach (var reference in old) grains.DeleteObjectReference<IGrainObserver>(reference);
        }
    }

    private List<IGrainObserver> TakeObserverReferences()
    {
        var taken = new IGrainObserver?[] { _chatObserver, _agentObserver, _queueObserver }.OfType<IGrainObserver>().ToList();
        _chatObserver = null;
        _agentObserver = null;
        _queueObserver = null;
        return taken;
    }

    private Task Subscribe(string key) => Split(key) switch
    {
        ("chat", var id) => grains.Chat(id).Subscribe(_chatObserver ??= grains.CreateObjectReference<IChatObserver>(this)),
        ("agent", var id) => grains.Agent(id).Subscribe(_agentObserver ??= grains.CreateObjectReference<IAgentObserver>(this)),
        ("queue", var id) => grains.Queue(id).Subscribe(_queueObserver ??= grains.CreateObjectReference<IQueueObserver>(this)),
        _ => throw new ArgumentException($"Unknown subscription '{key}'."),
    };

    private Task Unsubscribe(string key) => Split(key) switch
    {
        ("chat", var id) when _chatObserver is not null => grains.Chat(id).Unsubscribe(_chatObserver),
        ("agent", var id) when _agentObserver is not null => grains.Agent(id).Unsubscribe(_agentObserver),
        ("queue", var id) when _queueObserver is not null => grains.Queue(id).Unsubscribe(_queueObserver),
        _ => Task.CompletedTask,
    };

    private static (string Kind, string Id) Split(string key)
    {
        var colon = key.IndexOf(':');
        return (key[..colon], key[(colon + 1)..]);
    }

    public void OnChatEvent(ChatEvent chatEvent)
    {
        Forward(hub.Clients.Group(ChatAgentsGroup(chatEvent.ChatId)).SendAsync("chatEvent", chatEvent));
        // The end user never sees side notes, invites, monitors or audit entries.
        if (chatEvent.Entry.Visibility == Visibility.Everyone)
            Forward(hub.Clients.Group(ChatEndUserGroup(chatEvent.ChatId))
                .SendAsync("chatEvent", new EndUserChatEvent(chatEvent.ChatId, chatEvent.Entry, chatEvent.Status)));
    }

    public void OnAgentEvent(AgentEvent agentEvent)
    {
        directory.Seen(agentEvent);
        Forward(hub.Clients.Group(AgentGroup(agentEvent.AgentId)).SendAsync("agentEvent", agentEvent));
    }

    public void OnQueueFigures(QueueFigures figures) =>
        Forward(hub.Clients.Group(QueueGroup(figures.QueueId)).SendAsync("queueFigures", figures));

    private void Forward(Task send) =>
        send.ContinueWith(t => logger.LogWarning(t.Exception, "A push to consoles failed"), TaskContinuationOptions.OnlyOnFaulted);
}
