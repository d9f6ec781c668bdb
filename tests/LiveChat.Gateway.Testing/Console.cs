namespace LiveChat.Gateway.Testing;

using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// A console's SignalR connection: records every push as JSON so a test waits on the one it
/// expects (with a timeout) rather than sleeping.
/// </summary>
public sealed class Console : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<(string Kind, JsonElement Body)> _received = [];
    private readonly List<(Func<string, JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiters = [];

    public Console(HubConnection connection)
    {
        Connection = connection;
        foreach (var kind in new[] { "chatEvent", "agentEvent", "queueFigures", "typing", "chatAccessEnded" })
            connection.On<JsonElement>(kind, body => Record(kind, body));
        connection.On("ready", () => _ready.TrySetResult());
    }

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the gateway says this connection is subscribed (its "ready" push after connecting).</summary>
    public Task Ready => _ready.Task;

    public HubConnection Connection { get; }

    public IReadOnlyList<JsonElement> Received(string kind)
    {
        lock (_gate) return _received.Where(r => r.Kind == kind).Select(r => r.Body).ToList();
    }

    public async Task<JsonElement> WaitFor(string kind, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        Task<JsonElement> pending;
        lock (_gate)
        {
            foreach (var (k, body) in _received)
                if (k == kind && match(body)) return body;
            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(((k, b) => k == kind && match(b), done));
            pending = done.Task;
        }
        try
        {
            return await pending.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching {kind} arrived. Received: {string.Join("; ", Received(kind))}");
        }
    }

    private void Record(string kind, JsonElement body)
    {
        lock (_gate)
        {
            _received.Add((kind, body.Clone()));
            foreach (var waiter in _waiters.Where(w => w.Match(kind, body)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(body.Clone());
            }
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
