namespace LiveChat.LoadTest.Scenarios;

using System.Collections.Concurrent;

/// <summary>
/// Messages on their way to their watchers: each has a text of its own, and completes with the
/// milliseconds from <see cref="Expect"/> until the last of its watchers saw it. Pushes of other
/// entries (the chat's first message, system entries) are not expected and pass unnoticed. A
/// watcher counts once per message: a console may be pushed the same entry twice (the gateway
/// renews its grain subscriptions make-before-break).
/// </summary>
public sealed class FanOutDeliveries
{
    private sealed class Pending(int watchers)
    {
        public readonly long Started = Stopwatch.GetTimestamp();
        public readonly HashSet<int> SeenBy = new(watchers);
        public readonly int Watchers = watchers;
        public readonly TaskCompletionSource<double> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ConcurrentDictionary<string, Pending> _pending = new();
    private long _next;

    /// <summary>A new message's text, and the time until <paramref name="watchers"/> pushes of it arrived; the clock starts now.</summary>
    public (string Text, Task<double> Delivered) Expect(int watchers)
    {
        var text = $"fan-out {Interlocked.Increment(ref _next)}";
        var pending = new Pending(watchers);
        _pending[text] = pending;
        return (text, pending.Done.Task);
    }

    private long _pushes;
    private long _repeated;

    /// <summary>Chat pushes received by every connection, ours or not.</summary>
    public long Pushes => Interlocked.Read(ref _pushes);

    /// <summary>Pushes of a message a watcher had already been pushed.</summary>
    public long Repeated => Interlocked.Read(ref _repeated);

    /// <summary>Called from connection <paramref name="watcher"/>'s push handler (SignalR's receive loop: kept short).</summary>
    public void Seen(string text, int watcher)
    {
        Interlocked.Increment(ref _pushes);
        if (!_pending.TryGetValue(text, out var pending)) return;
        lock (pending)
        {
            if (!pending.SeenBy.Add(watcher))
            {
                Interlocked.Increment(ref _repeated);
                return;
            }
            if (pending.SeenBy.Count < pending.Watchers) return;
        }
        var elapsed = Stopwatch.GetElapsedTime(pending.Started).TotalMilliseconds;
        _pending.TryRemove(text, out _);
        pending.Done.TrySetResult(elapsed);
    }
}
