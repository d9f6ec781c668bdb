namespace LiveChat.Gateway.Tests;

using System.Reflection;
using LiveChat.Gateway.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Api = LiveChat.Client;

/// <summary>
/// What the client library (src/Clients/LiveChat.Client) adds by hand to the generated client: the
/// hub's push records, which the OpenAPI document does not describe, kept equal to the gateway's,
/// and refusals surfacing with their rule.
/// </summary>
public sealed class ClientLibraryTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Theory]
    [InlineData(typeof(Api.ChatEventMessage), typeof(AgentChatEvent))]
    [InlineData(typeof(Api.ChatEventMessage), typeof(EndUserChatEvent))]
    [InlineData(typeof(Api.AgentEventMessage), typeof(LiveChat.Events.AgentEvent))]
    [InlineData(typeof(Api.TypingMessage), typeof(TypingSignal))]
    [InlineData(typeof(Api.ChatAccessEndedMessage), typeof(ChatAccessEnded))]
    [InlineData(typeof(Api.QueueWaitingMessage), typeof(LiveChat.Events.QueueWaitingEvent))]
    [InlineData(typeof(Api.QueueWaitingView), typeof(LiveChat.Model.QueueWaitingView))]
    [InlineData(typeof(Api.QueueAccessEndedMessage), typeof(QueueAccessEnded))]
    [InlineData(typeof(Api.QueueWaitingStaleMessage), typeof(QueueWaitingStale))]
    [InlineData(typeof(Api.ChatStaleMessage), typeof(ChatStale))]
    [InlineData(typeof(Api.AgentStaleMessage), typeof(AgentStale))]
    public void A_hub_push_record_of_the_client_reads_every_field_the_gateway_sends(Type client, Type gatewaySends)
    {
        static HashSet<string> Names(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract").Select(p => p.Name).ToHashSet();
        Assert.Subset(Names(client), Names(gatewaySends));
    }

    [Fact]
    public void The_client_knows_every_agent_event_kind()
    {
        Assert.Equal(Enum.GetNames<LiveChat.Events.AgentEventKind>(), Enum.GetNames<Api.AgentEventKind>());
    }

    [Fact]
    public async Task A_hub_client_made_by_Create_reads_chat_events_whose_enums_come_by_name()
    {
        // The other tests connect through the kit's own builder; this one through the library's
        // factory, as a customer would: it once left out the enum converter, and every chatEvent
        // (ChatStatus, EntryKind, ... are generated without one) failed to bind and was dropped.
        using var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        var server = gateway.Server;
        await using var hub = Api.LiveChatHubClient.Create(server.BaseAddress, () => Task.FromResult<string?>(alice.Token), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var socket = server.CreateWebSocketClient();
                socket.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {alice.Token}";
                return await socket.ConnectAsync(context.Uri, cancellationToken);
            };
        });
        var pushed = new TaskCompletionSource<Api.ChatEventMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.ChatEvent += e =>
        {
            if (e.Entry.Text == "read by name") pushed.TrySetResult(e);
        };
        await hub.StartAsync();
        await hub.WatchChat(endUser.ChatId);

        await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "read by name" });

        var chatEvent = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Api.ChatStatus.Active, chatEvent.Status);
        Assert.Equal(Api.EntryKind.Message, chatEvent.Entry.Kind);
    }

    [Fact]
    public async Task A_hub_refusal_surfaces_as_a_typed_exception_naming_its_rule()
    {
        using var alice = await gateway.SignIn("alice");
        using var carol = await gateway.SignIn("carol");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        await using var carolConsole = await gateway.ConnectHub(carol.Token);

        // Carol is not in the chat: watching it is refused (A11), and the rule reaches the caller.
        var refused = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => carolConsole.Hub.WatchChat(endUser.ChatId));
        Assert.Equal("A11", refused.RuleId);
        Assert.Equal("ping", await carolConsole.Hub.Echo("ping"));
    }

    [Fact]
    public async Task An_http_refusal_surfaces_with_its_status_and_rule()
    {
        using var carol = await gateway.SignIn("carol");
        var endUser = await gateway.StartChat("billing");

        var refused = await Assert.ThrowsAnyAsync<Api.LiveChatApiException>(() => carol.Client.GetChatAsync(endUser.ChatId));
        Assert.Equal(403, refused.StatusCode);
        Assert.Equal("A11", refused.RuleId);
    }
}
