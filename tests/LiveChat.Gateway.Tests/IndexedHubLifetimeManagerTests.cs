namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Realtime;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The gateway sends every push to a list of connection ids, looked up by id instead of asked of
/// every connection (issue #16): the list must still decide alone who receives it.
/// </summary>
public sealed class IndexedHubLifetimeManagerTests
{
    private sealed class RecordingConnection(string id)
        : HubConnectionContext(new DefaultConnectionContext(id), new HubConnectionContextOptions(), NullLoggerFactory.Instance)
    {
        public List<SerializedHubMessage> Received { get; } = [];

        public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default)
        {
            Received.Add(message);
            return ValueTask.CompletedTask;
        }
    }

    private readonly IndexedHubLifetimeManager<LiveChatHub> _manager = new(NullLogger<DefaultHubLifetimeManager<LiveChatHub>>.Instance);

    private async Task<RecordingConnection> Connected(string id)
    {
        var connection = new RecordingConnection(id);
        await _manager.OnConnectedAsync(connection);
        return connection;
    }

    [Fact]
    public async Task A_push_reaches_exactly_the_named_connections_once_each_with_one_serialized_payload()
    {
        var a = await Connected("a");
        var b = await Connected("b");
        var c = await Connected("c");

        await _manager.SendConnectionsAsync(["a", "c", "a", "never-connected"], "chatEvent", ["payload"]);

        Assert.Single(a.Received);
        Assert.Empty(b.Received);
        Assert.Single(c.Received);
        Assert.Same(a.Received[0], c.Received[0]);
    }

    [Fact]
    public async Task A_connection_that_left_is_no_longer_pushed_to()
    {
        var a = await Connected("a");
        var b = await Connected("b");
        await _manager.OnDisconnectedAsync(a);

        await _manager.SendConnectionsAsync(["a", "b"], "chatEvent", ["payload"]);

        Assert.Empty(a.Received);
        Assert.Single(b.Received);
    }
}
