namespace LiveChat.Testing;

/// <summary>
/// Records what a grain publishes, so a test waits on the event it expects (with a timeout)
/// instead of sleeping. One recorder serves as chat, agent and queue observer.
/// </summary>
public sealed class EventRecorder : IChatObserver, IAgentObserver, IQueueObserver, IQueueWaitingObserver
{
    private readonly object _gate = new();
    private readonly List<object> _events = [];
    private readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Done)> _waiters = [];

    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<ChatEvent> ChatEvents => Snapshot<ChatEvent>();
    public IReadOnlyList<AgentEvent> AgentEvents => Snapshot<AgentEvent>();
    public IReadOnlyList<QueueFigures> QueueFigures => Snapshot<QueueFigures>();
    public IReadOnlyList<QueueWaitingEvent> WaitingEvents => Snapshot<QueueWaitingEvent>();

    public void OnChatEvent(ChatEvent chatEvent) => Record(chatEvent);
    public void OnAgentEvent(AgentEvent agentEvent) => Record(agentEvent);
    public void OnQueueFigures(QueueFigures figures) => Record(figures);
    public void OnQueueWaiting(QueueWaitingEvent waiting) => Record(waiting);

    /// <summary>The first recorded event of type <typeparamref name="T"/> matching, waiting for it if it has not come yet.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        Task<object> pending;
        lock (_gate)
        {
            var seen = _events.OfType<T>().FirstOrDefault(match);
            if (seen is not null) return seen;
            var done = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((e => e is T t && match(t), done));
            pending = done.Task;
        }
        var limit = timeout ?? DefaultTimeout;
        try
        {
            return (T)await pending.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching {typeof(T).Name} within {limit}. Recorded: {string.Join("; ", Snapshot<T>())}");
        }
    }

    private void Record(object item)
    {
        lock (_gate)
        {
            _events.Add(item);
            foreach (var waiter in _waiters.Where(w => w.Match(item)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(item);
            }
        }
    }

    private List<T> Snapshot<T>()
    {
        lock (_gate) return _events.OfType<T>().ToList();
    }
}
