namespace LiveChat.Gateway.Realtime;

/// <summary>What a connection watches: the events of one grain. Typed, so nothing is built into a string and split again.</summary>
public abstract record PushKey;

/// <summary>A chat's events (<see cref="ChatEvent"/>), filtered per watcher by the event's audience.</summary>
public sealed record ChatKey(string ChatId) : PushKey;

/// <summary>An agent's own events: its Invites list, its chats, its presence.</summary>
public sealed record AgentKey(string AgentId) : PushKey;

/// <summary>A queue's live figures, for its supervisors' dashboards.</summary>
public sealed record QueueKey(string QueueId) : PushKey;

/// <summary>Q1: a queue's waiting list, for the consoles of its agents and supervisors (checked per push).</summary>
public sealed record WaitingKey(string QueueId) : PushKey;

public enum ViewerKind { Agent, EndUser }

/// <summary>Who is behind a connection, as its token says: an agent id or an end user id.</summary>
public sealed record Viewer(ViewerKind Kind, string Id)
{
    public static Viewer Agent(string agentId) => new(ViewerKind.Agent, agentId);
    public static Viewer EndUser(string endUserId) => new(ViewerKind.EndUser, endUserId);
}

/// <summary>One connection watching one key.</summary>
public sealed record Watcher(string ConnectionId, Viewer Viewer);
