namespace LiveChat.Gateway.Realtime;

using System.Collections.Concurrent;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Endpoints;
using Microsoft.AspNetCore.SignalR;

/// <summary>
/// Keeps live agent connections in line with the directory. The hub tells it which connections
/// belong to which agent; the push bridge passes on every agent event. On a DirectoryChanged
/// event the agent is re-read at once: a disabled or removed agent's connections are aborted (the
/// console sees itself signed out), and a connection stops receiving the figures of queues its
/// agent no longer supervises. Chat pushes follow chat membership, which the chats enforce.
/// </summary>
public sealed class DirectoryEnforcer(IGrainFactory grains, SubscriptionRegistry registry, DirectoryIdentity identities, ILogger<DirectoryEnforcer> logger)
{
    private sealed class Tracked(string agentId, HubCallerContext context)
    {
        public string AgentId { get; } = agentId;
        public HubCallerContext Context { get; } = context;
        /// <summary>Every queue the agent supervised while connected: the queue groups it may be in.</summary>
        public ConcurrentDictionary<string, byte> Supervised { get; } = new();
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
        _ = Recheck(agentEvent.AgentId);
    }

    private async Task Recheck(string agentId)
    {
        try
        {
            var connections = _connections.Values.Where(c => c.AgentId == agentId).ToList();
            if (connections.Count == 0) return;
            var agent = await grains.Agent(agentId).Peek();
            foreach (var connection in connections)
            {
                if (agent is null || agent.Registration.Disabled)
                {
                    connection.Context.Abort();
                    continue;
                }
                foreach (var queueId in connection.Supervised.Keys.Where(q => !agent.IsSupervisorOf(q)).ToList())
                {
                    registry.Remove(new QueueKey(queueId), connection.Context.ConnectionId);
                    connection.Supervised.TryRemove(queueId, out _);
                }
                Remember(connection, agent);
            }
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Re-checking the connections of agent {AgentId} after a directory change failed", agentId);
        }
    }

    private static void Remember(Tracked connection, AgentSnapshot agent)
    {
        foreach (var queueId in agent.Registration.SupervisedQueues) connection.Supervised.TryAdd(queueId, 0);
    }
}
