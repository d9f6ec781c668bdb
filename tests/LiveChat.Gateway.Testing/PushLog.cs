namespace LiveChat.Gateway.Testing;

/// <summary>
/// Every push of one kind a connection received, so a test waits on the one it expects (with a
/// timeout) rather than sleeping. Shared by <see cref="HubConsole"/>'s typed pushes.
/// </summary>
public sealed class PushLog<T>(string kind)
{
    private readonly object _gate = new();
    private readonly List<T> _received = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waiters = [];

    public IReadOnlyList<T> Received
    {
        get { lock (_gate) return _received.ToList(); }
    }

    public void Record(T push)
    {
        lock (_gate)
        {
            _received.Add(push);
            foreach (var waiter in _waiters.Where(w => w.Match(push)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(push);
            }
        }
    }

    public async Task<T> WaitFor(Func<T, bool> match, TimeSpan? timeout = null)
    {
        Task<T> pending;
        lock (_gate)
        {
            foreach (var push in _received)
                if (match(push)) return push;
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            pending = done.Task;
        }
        try
        {
            return await pending.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching {kind} arrived. Received: {string.Join("; ", Received)}");
        }
    }
}
