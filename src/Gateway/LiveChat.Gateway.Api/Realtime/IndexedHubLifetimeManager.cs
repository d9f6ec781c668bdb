namespace LiveChat.Gateway.Realtime;

using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

/// <summary>
/// SignalR's in-memory lifetime manager, except that a send to a list of connections costs what the
/// list holds. The default walks every connection of the gateway for each such send and asks
/// whether the list contains it: every push (<see cref="PushFanOut"/> sends to the one to few
/// connections of a chat this way) cost a pass over all connections, on the push bridge's single
/// observer turn, so at 5,000 connections the pushes fell behind (issue #16). Here the connections
/// are looked up by id, the payload still serialized once for all of them. Who receives what is
/// unchanged: exactly the connections named, if still connected.
/// </summary>
public sealed class IndexedHubLifetimeManager<THub>(ILogger<DefaultHubLifetimeManager<THub>> logger)
    : DefaultHubLifetimeManager<THub>(logger) where THub : Hub
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _byId = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _byId[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _byId.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        SerializedHubMessage? message = null;
        List<Task>? pending = null;
        // A connection named twice gets the push once, as with the default (it asked each connection once).
        var named = connectionIds.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var connectionId in connectionIds)
        {
            if (named is not null && !named.Add(connectionId)) continue;
            if (!_byId.TryGetValue(connectionId, out var connection)) continue;
            message ??= new SerializedHubMessage(new InvocationMessage(methodName, args));
            var write = connection.WriteAsync(message, cancellationToken);
            if (write.IsCompletedSuccessfully)
            {
                // A ValueTask backed by a reusable source must be consumed to be reset.
                write.GetAwaiter().GetResult();
                continue;
            }
            (pending ??= []).Add(write.AsTask());
        }
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }
}
