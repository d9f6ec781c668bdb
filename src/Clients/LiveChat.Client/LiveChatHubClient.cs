namespace LiveChat.Client;

using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The gateway's SignalR hub (/hubs/livechat) with typed pushes and calls. An agent's connection
/// receives its own <see cref="AgentEvent"/>s and, once it watches a chat (<see cref="WatchChat"/>),
/// that chat's <see cref="ChatEvent"/>s; an end user's connection receives its one chat. After a
/// reconnect, watch again and read the transcript after the last sequence number seen (HTTP).
/// Handlers run on SignalR's receive loop: keep them short.
/// </summary>
public sealed class LiveChatHubClient : IAsyncDisposable
{
    public const string HubPath = "/hubs/livechat";

    /// <summary>Wraps a connection built elsewhere (custom transports, test servers). Its JSON protocol must read enums as strings.</summary>
    public LiveChatHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<ChatEventMessage>("chatEvent", message => ChatEvent?.Invoke(message));
        connection.On<AgentEventMessage>("agentEvent", message => AgentEvent?.Invoke(message));
        connection.On<QueueFigures>("queueFigures", figures => QueueFigures?.Invoke(figures));
        connection.On<TypingMessage>("typing", message => Typing?.Invoke(message));
        connection.On<ChatAccessEndedMessage>("chatAccessEnded", message => ChatAccessEnded?.Invoke(message));
        connection.On<QueueWaitingMessage>("queueWaiting", message => QueueWaiting?.Invoke(message));
        connection.On<QueueAccessEndedMessage>("queueAccessEnded", message => QueueAccessEnded?.Invoke(message));
        connection.On<QueueWaitingStaleMessage>("queueWaitingStale", message => QueueWaitingStale?.Invoke(message));
        connection.On<ChatStaleMessage>("chatStale", message => ChatStale?.Invoke(message));
        connection.On<AgentStaleMessage>("agentStale", message => AgentStale?.Invoke(message));
        // The gateway sends "ready" once it has subscribed a (re)connected connection to its pushes.
        connection.On("ready", () => _ready.TrySetResult());
        connection.Reconnecting += _ =>
        {
            _ready = NewReady();
            return Task.CompletedTask;
        };
    }

    /// <summary>A client of the hub at <paramref name="gateway"/> that signs in with the token <paramref name="accessToken"/> answers (an agent's or an end user's).</summary>
    public static LiveChatHubClient Create(Uri gateway, Func<Task<string?>> accessToken, Action<HttpConnectionOptions>? configure = null) =>
        new(new HubConnectionBuilder()
            .WithUrl(new Uri(gateway, HubPath), options =>
            {
                options.AccessTokenProvider = accessToken;
                configure?.Invoke(options);
            })
            .WithAutomaticReconnect()
            // The gateway sends enums by name; the generated DTOs' enums (ChatStatus, EntryKind, ...)
            // carry no converter of their own, so without this every "chatEvent" push failed to bind
            // and was dropped (found by the load tool's fan-out scenario);
            // also inside lists (ChatSnapshot.Allowed).
            .AddJsonProtocol(o => o.PayloadSerializerOptions = SharedPayloadOptions(o.PayloadSerializerOptions))
            .Build());

    private static JsonSerializerOptions? _sharedPayloadOptions;

    /// <summary>
    /// One set of payload options for every connection made by <see cref="Create"/>, the first one's
    /// defaults plus enums by name. System.Text.Json builds a type's metadata (by reflection, about
    /// a millisecond) once per options instance: with an instance per connection, every connection
    /// built it again for its first push of each type, on its receive loop (found by the load
    /// tool's fan-out scenario: a tenth of the CPU of 5,000 connections, and late first pushes).
    /// </summary>
    private static JsonSerializerOptions SharedPayloadOptions(JsonSerializerOptions fresh)
    {
        if (Volatile.Read(ref _sharedPayloadOptions) is { } shared) return shared;
        fresh.Converters.Add(new JsonStringEnumConverter());
        return Interlocked.CompareExchange(ref _sharedPayloadOptions, fresh, null) ?? fresh;
    }

    public HubConnection Connection { get; }

    public event Action<ChatEventMessage>? ChatEvent;
    public event Action<AgentEventMessage>? AgentEvent;
    public event Action<QueueFigures>? QueueFigures;
    public event Action<TypingMessage>? Typing;
    public event Action<ChatAccessEndedMessage>? ChatAccessEnded;
    public event Action<QueueWaitingMessage>? QueueWaiting;
    public event Action<QueueAccessEndedMessage>? QueueAccessEnded;
    public event Action<QueueWaitingStaleMessage>? QueueWaitingStale;
    public event Action<ChatStaleMessage>? ChatStale;
    public event Action<AgentStaleMessage>? AgentStale;

    /// <summary>
    /// Connects and waits until the gateway has subscribed this connection to its pushes, so that
    /// nothing pushed after this returns is missed (the SignalR handshake alone completes earlier).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _ready = NewReady();
        await Connection.StartAsync(cancellationToken);
        await _ready.Task.WaitAsync(ReadyTimeout, cancellationToken);
    }

    /// <summary>Completes once the current connection is subscribed; renewed on every reconnect.</summary>
    public Task Ready => _ready.Task;

    /// <summary>How long <see cref="StartAsync"/> waits for the gateway's "ready" after the handshake.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private TaskCompletionSource _ready = NewReady();

    private static TaskCompletionSource NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StopAsync(CancellationToken cancellationToken = default) => Connection.StopAsync(cancellationToken);

    /// <summary>An agent starts receiving a chat's events; answers the chat as it is now (A11: only someone in the chat).</summary>
    public Task<ChatSnapshot> WatchChat(string chatId, CancellationToken cancellationToken = default) =>
        Call(() => Connection.InvokeAsync<ChatSnapshot>("WatchChat", chatId, cancellationToken));

    public Task UnwatchChat(string chatId, CancellationToken cancellationToken = default) =>
        Call(async () => { await Connection.InvokeAsync("UnwatchChat", chatId, cancellationToken); return true; });

    /// <summary>A supervisor starts receiving a queue's live figures; answers them as they are now.</summary>
    public Task<QueueFigures> WatchQueue(string queueId, CancellationToken cancellationToken = default) =>
        Call(() => Connection.InvokeAsync<QueueFigures>("WatchQueue", queueId, cancellationToken));

    /// <summary>An agent starts receiving a queue's waiting list live (Q1, Q2); answers its first chats and the change number pushes follow.</summary>
    public Task<QueueWaitingView> WatchWaiting(string queueId, CancellationToken cancellationToken = default) =>
        Call(() => Connection.InvokeAsync<QueueWaitingView>("WatchWaiting", queueId, cancellationToken));

    public Task UnwatchWaiting(string queueId, CancellationToken cancellationToken = default) =>
        Call(async () => { await Connection.InvokeAsync("UnwatchWaiting", queueId, cancellationToken); return true; });

    /// <summary>Tells the others in the chat that this caller is typing (never stored; a monitor may not).</summary>
    public Task SendTyping(string chatId, CancellationToken cancellationToken = default) =>
        Call(async () => { await Connection.InvokeAsync("Typing", chatId, cancellationToken); return true; });

    /// <summary>Answers <paramref name="payload"/> at once: a round trip through the gateway.</summary>
    public Task<string> Echo(string payload, CancellationToken cancellationToken = default) =>
        Call(() => Connection.InvokeAsync<string>("Echo", payload, cancellationToken));

    private static async Task<T> Call<T>(Func<Task<T>> invoke)
    {
        try
        {
            return await invoke();
        }
        catch (HubException refusal)
        {
            throw LiveChatHubException.From(refusal);
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
