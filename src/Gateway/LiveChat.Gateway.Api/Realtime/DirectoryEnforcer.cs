namespace LiveChat.Gateway.Realtime;

using System.Collections.Concurrent;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Endpoints;
using Microsoft.AspNetCore.SignalR;

/// <summary>
/// Keeps live agent connections in line with the directory. The hub tells it which connections
/// belong to which agent; the push bridge passes on every agent event. On a DirectoryChanged
/// event the agent is re-read at once: a disabled or removed agent's connections are aborted (the
/// console sees itself signed out), a connection stops receiving the figures of queues its agent no
/// longer supervises, and the waiting lists of queues its agent no longer works or supervises (Q1).
/// Chat pushes follow chat membership, which the chats enforce.
/// </summary>
public sealed class DirectoryEnforcer(
    IGrainFactory grains,
    SubscriptionRegistry registry,
    DirectoryIdentity identities,
    IHubContext<LiveChatHub> hub,
    ILogger<DirectoryEnforcer> logger)
{
    private sealed class Tracked(string agentId, HubCallerContext context)
    {
        public string AgentId { get; } = agentId;
        public HubCallerContext Context { get; } = context;
        /// <summary>Every queue the agent supervised while connected: the queue groups it may be in.</summary>
        public ConcurrentDictionary<string, byte> Supervised { get; } = new();
        /// <summary>Q1: the queues whose waiting list the agent may read (works or supervises), as last read from its grain.</summary>
        public ConcurrentDictionary<string, byte> Readable { get; } = new();
        /// <summary>Whether the directory entry was read at least once for this connection.</summary>
        public volatile bool Known;
        /// <summary>Re-reads of a changed directory entry under way: waiting-list pushes are held meanwhile.</summary>
        public int Rechecking;
        /// <summary>Queues whose pushes were held during a re-read: told to read again if still allowed.</summary>
        public ConcurrentDictionary<string, byte> Held { get; } = new();
    }

    private readonly ConcurrentDictionary<string, Tracked> _connections = new();

    /// <summary>Called when a connection opens (end users are not tracked).</summary>
    public async Task Track(HubCallerContext context)
    {
        if (context.User is not { } user || user.IsEndUser()) return;
        var tracked = new Tracked(user.Id(), context);
        _connections[context.ConnectionId] = tracked;
        if (await grains.Agent(tracked.AgentId).Peek() is { } agent) Remember(tracked, agent);
    }

    public void Forget(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Called for every agent event the gateway receives.</summary>
    public void Seen(AgentEvent agentEvent)
    {
        if (agentEvent.Kind != AgentEventKind.DirectoryChanged) return;
        identities.Forget(agentEvent.AgentId);
        // Before anything else arrives: this agent's waiting-list pushes wait for the re-read.
        var connections = _connections.Values.Where(c => c.AgentId == agentEvent.AgentId).ToList();
        foreach (var connection in connections) Interlocked.Increment(ref connection.Rechecking);
        _ = Recheck(agentEvent.AgentId, connections);
    }

    /// <summary>
    /// Q1: whether a connection may receive a push of the queue's waiting list now, by the same
    /// directory data its watch was allowed on. Held while the agent's changed entry is re-read.
    /// </summary>
    public QueueRead MayReadQueue(string connectionId, string queueId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection)) return QueueRead.Refused;
        if (Volatile.Read(ref connection.Rechecking) > 0 || !connection.Known)
        {
            connection.Held.TryAdd(queueId, 0);
            return QueueRead.Held;
        }
        return connection.Readable.ContainsKey(queueId) ? QueueRead.Allowed : QueueRead.Refused;
    }

    private async Task Recheck(string agentId, List<Tracked> connections)
    {
        try
        {
            if (connections.Count == 0) return;
            var agent = await grains.Agent(agentId).Peek();
            foreach (var connection in connections)
            {
                if (agent is null || agent.Registration.Disabled)
                {
                    connection.Readable.Clear();
                    connection.Context.Abort();
                    continue;
                }
                foreach (var queueId in connection.Supervised.Keys.Where(q => !agent.IsSupervisorOf(q)).ToList())
                {
                    registry.Remove(new QueueKey(queueId), connection.Context.ConnectionId);
                    connection.Supervised.TryRemove(queueId, out _);
                }
                Remember(connection, agent);
                foreach (var queueId in connection.Readable.Keys.Where(q => !MayRead(agent, q)).ToList())
                    connection.Readable.TryRemove(queueId, out _);
                EndWaitingWatches(connection);
            }
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Re-checking the connections of agent {AgentId} after a directory change failed", agentId);
        }
        finally
        {
            foreach (var connection in connections)
            {
                if (Interlocked.Decrement(ref connection.Rechecking) == 0) TellHeld(connection);
            }
        }
    }

    /// <summary>Drops the connection's watches of waiting lists it may no longer read, and tells it.</summary>
    private void EndWaitingWatches(Tracked connection)
    {
        var connectionId = connection.Context.ConnectionId;
        // A key left without watchers stays subscribed until its grain subscription expires (the
        // bridge renews watched keys only); pushes for it reach nobody meanwhile.
        foreach (var key in registry.KeysOf(connectionId).OfType<WaitingKey>().Where(k => !connection.Readable.ContainsKey(k.QueueId)).ToList())
        {
            registry.Remove(key, connectionId);
            Send(connectionId, PushMethods.QueueAccessEnded, new QueueAccessEnded(key.QueueId));
        }
    }

    /// <summary>Pushes held during the re-read: a console still allowed reads the list again.</summary>
    private void TellHeld(Tracked connection)
    {
        foreach (var queueId in connection.Held.Keys.ToList())
        {
            connection.Held.TryRemove(queueId, out _);
            if (connection.Readable.ContainsKey(queueId) && registry.IsWatching(connection.Context.ConnectionId, new WaitingKey(queueId)))
                Send(connection.Context.ConnectionId, PushMethods.QueueWaitingStale, new QueueWaitingStale(queueId));
        }
    }

    private static bool MayRead(AgentSnapshot agent, string queueId) =>
        !agent.Registration.Disabled && (agent.Registration.Queues.Contains(queueId) || agent.IsSupervisorOf(queueId));

    private static void Remember(Tracked connection, AgentSnapshot agent)
    {
        foreach (var queueId in agent.Registration.SupervisedQueues) connection.Supervised.TryAdd(queueId, 0);
        foreach (var queueId in agent.Registration.Queues.Concat(agent.Registration.SupervisedQueues).Where(q => MayRead(agent, q)))
            connection.Readable.TryAdd(queueId, 0);
        connection.Known = true;
    }

    private void Send(string connectionId, string method, object message) =>
        hub.Clients.Client(connectionId).SendAsync(method, message)
            .ContinueWith(t => logger.LogWarning(t.Exception, "A push to a console failed"), TaskContinuationOptions.OnlyOnFaulted);
}

/// <summary>Q1: what the gateway does with a waiting-list push for one connection.</summary>
public enum QueueRead
{
    /// <summary>Send it: the agent works or supervises the queue.</summary>
    Allowed,
    /// <summary>Hold it: the agent's directory entry changed and is being re-read (a still-allowed console is told to read again).</summary>
    Held,
    /// <summary>Drop the watch and say so: the agent no longer works or supervises the queue.</summary>
    Refused,
}
