namespace LiveChat.LoadTest.Scenarios;

using System.Collections.Concurrent;

/// <summary>
/// Messages on their way to their watchers: each has a text of its own, and completes with the
/// milliseconds from <see cref="Expect"/> until the last of its watchers saw it. Pushes of other
/// entries (the chat's first message, system entries) are not expected and pass unnoticed.
/// </summary>
public sealed class FanOutDeliveries
{
    private sealed class Pending(int watchers)
    {
        public readonly long Started = Stopwatch.GetTimestamp();
        public int Left = watchers;
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

    /// <summary>Called from a connection's push handler (SignalR's receive loop: kept short).</summary>
    public void Seen(string text)
    {
        if (!_pending.TryGetValue(text, out var pending) || Interlocked.Decrement(ref pending.Left) != 0) return;
        var elapsed = Stopwatch.GetElapsedTime(pending.Started).TotalMilliseconds;
        _pending.TryRemove(text, out _);
        pending.Done.TrySetResult(elapsed);
    }
}
