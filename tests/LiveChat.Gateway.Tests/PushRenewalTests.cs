namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Realtime;
using LiveChat.Grains;
using LiveChat.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Core.Internal;

/// <summary>
/// A gateway in client mode renews its grain subscriptions (observers are transient) while consoles
/// stay connected: no renewal may lose a push or leave a grain pushing to a reference the gateway
/// has retired (Orleans logs each such push as "Unexpected target grain" and drops it).
/// </summary>
public sealed class PushRenewalTests
{
    // Enough rounds that a grain would hold several references, were each round to make new ones.
    private const int Rounds = 6;

    [Fact]
    public async Task A_client_mode_gateway_does_not_start_inside_its_refresh_window()
    {
        await using var setup = await ClientModeGateway.Start();
        // Connecting for the first time is no outage: a gateway that just started has nothing to re-subscribe.
        Assert.False(setup.Bridge.InRefreshWindow, "the gateway started inside its push refresh window");
    }

    [Fact]
    public async Task Renewals_after_a_connection_change_lose_no_push_and_push_to_no_retired_reference()
    {
        await using var setup = await ClientModeGateway.Start();
        var (gateway, bridge) = (setup.Gateway, setup.Bridge);
        await using var watched = await setup.AliceWatchingAChat();
        var (endUser, console) = (watched.EndUser, watched.Console);

        // The notice a silo restart gives (Orleans' cluster connection status): the bridge renews at
        // its fastest for the refresh window, while the console stays connected throughout.
        bridge.ConnectionChanged();
        Assert.True(bridge.InRefreshWindow);

        // One message after another, each waited for at the console, until the bridge has renewed
        // its subscriptions several times meanwhile.
        var until = bridge.RenewalRounds + Rounds;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var delivered = 0;
        while (bridge.RenewalRounds < until)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the bridge renewed {bridge.RenewalRounds - until + Rounds} of {Rounds} times in 60 s");
            var posted = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = $"message {delivered}" });
            await console.ChatEvents.WaitFor(e => e.Entry.Seq == posted.Seq, TimeSpan.FromSeconds(10));
            delivered++;
        }
        // A push to a retired reference shows as it arrives, whichever of its copies came first:
        // one more message waited for lets those of the last round in.
        var last = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "the last one" });
        await console.ChatEvents.WaitFor(e => e.Entry.Seq == last.Seq, TimeSpan.FromSeconds(10));
        var retired = setup.Logs.Lines.Where(l => l.Contains("Unexpected target grain", StringComparison.Ordinal)).ToList();
        Assert.True(retired.Count == 0,
            $"{retired.Count} pushes went to a retired observer reference over {delivered + 1} messages, e.g. {retired.FirstOrDefault()}");
    }

    [Fact]
    public async Task Realtime_a_grain_that_lost_the_gateways_subscription_has_its_watchers_told_to_read_again_and_one_that_kept_it_does_not()
    {
        await using var setup = await ClientModeGateway.Start();
        var (gateway, bridge) = (setup.Gateway, setup.Bridge);
        await using var watched = await setup.AliceWatchingAChat();
        var (endUser, console) = (watched.EndUser, watched.Console);
        await using var endUserPage = await gateway.ConnectHub(endUser.Api.Token);

        // Grains that kept the subscription: renewals tell no one to read again.
        await RenewalRounds(bridge, 3);
        Assert.Empty(console.ChatStale.Received);
        Assert.Empty(console.AgentStale.Received);

        // The chat wakes up again without it (as on another silo after a crash) for a message it
        // then pushes to no one: the next renewal finds the subscription lost.
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        await grains.Chat(endUser.ChatId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "while the chat had no subscriber" });
        var stale = await console.ChatStale.WaitFor(s => s.ChatId == endUser.ChatId, TimeSpan.FromSeconds(10));
        Assert.Equal(endUser.ChatId, stale.ChatId);

        // The agent's own grain alike.
        await grains.Agent("alice").Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await console.AgentStale.WaitFor(s => s.AgentId == "alice", TimeSpan.FromSeconds(10));

        // Once: renewed again, the subscriptions stand.
        await RenewalRounds(bridge, 3);
        Assert.Single(console.ChatStale.Received);
        Assert.Single(console.AgentStale.Received);
        // The end user's page watches the chat too, and was told as well.
        await endUserPage.ChatStale.WaitFor(s => s.ChatId == endUser.ChatId, TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits until the bridge has finished this many more renewal rounds (300 ms apart here).</summary>
    private static async Task RenewalRounds(GrainEventBridge bridge, int rounds)
    {
        var until = bridge.RenewalRounds + rounds + 1; // a round under way when called may have started before
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (bridge.RenewalRounds < until)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the bridge renewed {bridge.RenewalRounds - until + rounds + 1} of {rounds + 1} times in 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>A silo host of its own and a client-mode gateway in front of it, renewing every 300 ms.</summary>
    private sealed class ClientModeGateway(IHost silo, GatewayFactory gateway, CapturedLogs logs) : IAsyncDisposable
    {
        public GatewayFactory Gateway => gateway;
        public CapturedLogs Logs => logs;
        public GrainEventBridge Bridge => gateway.Services.GetRequiredService<GrainEventBridge>();

        /// <summary>Alice signed in through the issuer, in a chat she accepted, her console watching it.</summary>
        public async Task<WatchedChat> AliceWatchingAChat()
        {
            var alice = await gateway.SignInThroughIssuer("alice");
            var endUser = await gateway.StartChat("billing");
            await alice.Client.AcceptChatAsync(endUser.ChatId);
            var console = await gateway.ConnectHub(alice.Token);
            await console.Hub.WatchChat(endUser.ChatId);
            return new WatchedChat(alice, endUser, console);
        }

        public static async Task<ClientModeGateway> Start()
        {
            var ports = FreePorts.Take(2);
            var cluster = "push-renewal-" + Guid.NewGuid().ToString("N")[..8];
            var data = Path.Combine(Path.GetTempPath(), "livechat-gateway-tests", Guid.NewGuid().ToString("N"));
            var silo = await ClientModeTests.StartSilo(ports, cluster, data);
            var logs = new CapturedLogs();
            var gateway = new GatewayFactory { Logs = logs };
            gateway.Settings["Gateway:Mode"] = "Client";
            // Renewals come often, so a few seconds of traffic cross several of them.
            gateway.Settings["Gateway:Push:RenewEvery"] = "00:00:00.300";
            gateway.Settings["Gateway:Cluster:ClusterId"] = cluster;
            gateway.Settings["Gateway:Cluster:Gateways:0"] = $"127.0.0.1:{ports[1]}";
            gateway.Settings["Gateway:Auth:EnableDemoSignIn"] = "false";
            var setup = new ClientModeGateway(silo, gateway, logs);
            try
            {
                await ((IAsyncLifetime)gateway).InitializeAsync();
                return setup;
            }
            catch
            {
                await setup.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await ((IAsyncLifetime)gateway).DisposeAsync();
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}

/// <summary>An agent's API client and console watching a chat, disposed together.</summary>
internal sealed record WatchedChat(ApiClient Agent, EndUserClient EndUser, HubConsole Console) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Console.DisposeAsync();
        Agent.Dispose();
    }
}
