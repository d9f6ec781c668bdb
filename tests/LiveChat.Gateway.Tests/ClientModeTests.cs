namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Auth;
using LiveChat.Grains;
using LiveChat.Hosting;
using LiveChat.Testing.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Api = LiveChat.Client;

/// <summary>
/// A gateway in client mode in front of a separate silo, which restarts under it; driven through the
/// client library (generated client, LiveChatHubClient).
/// </summary>
public sealed class ClientModeTests
{
    [Fact]
    public async Task Client_mode_gateway_serves_consoles_and_survives_a_silo_restart()
    {
        var ports = FreePorts.Take(2);
        var cluster = "client-mode-" + Guid.NewGuid().ToString("N")[..8];
        var data = Path.Combine(Path.GetTempPath(), "livechat-gateway-tests", Guid.NewGuid().ToString("N"));
        var silo = await StartSilo(ports, cluster, data);
        await using var gateway = new GatewayFactory();
        gateway.Settings["Gateway:Mode"] = "Client";
        gateway.Settings["Gateway:Push:RenewEvery"] = "00:00:00.500";
        gateway.Settings["Gateway:Cluster:ClusterId"] = cluster;
        gateway.Settings["Gateway:Cluster:Gateways:0"] = $"127.0.0.1:{ports[1]}";
        gateway.Settings["Gateway:Auth:EnableDemoSignIn"] = "false";
        await ((IAsyncLifetime)gateway).InitializeAsync();

        // A deployed client-mode gateway has no demo sign-in: tokens come from an identity provider, here the issuer itself.
        using var anonymous = gateway.Anonymous();
        await Problems.Refused(() => gateway.AnonymousApi().DemoSignInAsync(new() { AgentId = "alice" }), 404, "Auth");
        using var alice = await gateway.SignInThroughIssuer("alice");

        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        await using var console = await gateway.ConnectHub(alice.Token);
        await console.Hub.WatchChat(endUser.ChatId);
        var before = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "before the restart" });
        await console.ChatEvents.WaitFor(e => e.Entry.Seq == before.Seq);

        await silo.StopAsync();
        silo.Dispose();
        silo = await StartSilo(ports, cluster, data);
        try
        {
            // The gateway reconnects by itself; its renewed subscription brings pushes back. (The health
            // probe is no API operation, so it is read raw.)
            await GatewayFactory.WaitUntil(async () => (await anonymous.GetAsync("/health/ready")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(60), "the gateway to reach the restarted silo");
            Api.TranscriptEntry? after = null;
            await GatewayFactory.WaitUntil(async () =>
            {
                try
                {
                    after = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "after the restart" });
                    return true;
                }
                catch (Api.LiveChatApiException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "a message to be accepted after the restart");
            Assert.Equal(before.Seq + 1, after!.Seq);

            // The restarted chat publishes only to subscriptions made after it woke up, and the
            // gateway re-subscribes within moments: pushes resume, and whatever fell between is
            // read by sequence number, as a console does after any gap.
            var posted = new List<long> { after.Seq };
            await GatewayFactory.WaitUntil(async () =>
            {
                if (console.ChatEvents.Received.Any(e => e.Entry.Seq > before.Seq))
                    return true;
                var more = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "still there?" });
                posted.Add(more.Seq);
                try
                {
                    await console.ChatEvents.WaitFor(e => e.Entry.Seq == posted[^1], TimeSpan.FromSeconds(1));
                    return true;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "pushes to resume after the restart");
            var caughtUp = await alice.Client.GetChatTranscriptAsync(endUser.ChatId, after: before.Seq);
            Assert.Equal(posted, caughtUp.Entries.Select(e => e.Seq));
        }
        finally
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }

    /// <summary>A silo host of its own (the embedded setup with its demo directory) for a client-mode gateway to connect to.</summary>
    internal static async Task<IHost> StartSilo(int[] ports, string cluster, string data)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:SiloPort"] = ports[0].ToString(),
            ["Silo:GatewayPort"] = ports[1].ToString(),
            ["Silo:ClusterId"] = cluster,
            ["Silo:DataFolder"] = data,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.UseOrleans(silo => silo.UseLiveChatEmbedded(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
