namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Auth;
using LiveChat.Grains;
using LiveChat.Hosting;
using LiveChat.Testing.Processes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>A gateway in client mode in front of a separate silo, which restarts under it.</summary>
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
        await Problems.Assert(await anonymous.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "alice" }), 404, "Auth");
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        var issuer = gateway.Services.GetRequiredService<TokenIssuer>();
        var aliceToken = issuer.ForAgent(await grains.GetGrain<IAgentGrain>("alice").SetPresence(Presence.Online));
        using var alice = new ApiClient(gateway.Anonymous(), aliceToken, "alice");
        alice.Http.DefaultRequestHeaders.Authorization = new("Bearer", aliceToken);

        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await using var console = await gateway.Connect(alice.Token);
        await console.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId);
        var before = await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "before the restart" });
        await console.WaitFor("chatEvent", e => e.GetProperty("entry").GetProperty("seq").GetInt64() == before.GetProperty("seq").GetInt64());

        await silo.StopAsync();
        silo.Dispose();
        silo = await StartSilo(ports, cluster, data);
        try
        {
            // The gateway reconnects by itself; its renewed subscription brings pushes back.
            await GatewayFactory.WaitUntil(async () => (await anonymous.GetAsync("/health/ready")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(60), "the gateway to reach the restarted silo");
            JsonElement after = default;
            await GatewayFactory.WaitUntil(async () =>
            {
                var response = await endUser.Api.Post("/api/enduser/chat/messages", new { text = "after the restart" });
                if (!response.IsSuccessStatusCode) return false;
                after = await response.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json);
                return true;
            }, TimeSpan.FromSeconds(30), "a message to be accepted after the restart");
            Assert.Equal(before.GetProperty("seq").GetInt64() + 1, after.GetProperty("seq").GetInt64());

            // The restarted chat publishes only to subscriptions made after it woke up, and the
            // gateway re-subscribes within moments: pushes resume, and whatever fell between is
            // read by sequence number, as a console does after any gap.
            var posted = new List<long> { after.GetProperty("seq").GetInt64() };
            await GatewayFactory.WaitUntil(async () =>
            {
                if (console.Received("chatEvent").Any(e => e.GetProperty("entry").GetProperty("seq").GetInt64() > before.GetProperty("seq").GetInt64()))
                    return true;
                var more = await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "still there?" });
                posted.Add(more.GetProperty("seq").GetInt64());
                try
                {
                    await console.WaitFor("chatEvent", e => e.GetProperty("entry").GetProperty("seq").GetInt64() == posted[^1], TimeSpan.FromSeconds(1));
                    return true;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "pushes to resume after the restart");
            var caughtUp = await alice.GetJson<JsonElement>($"/api/chats/{endUser.ChatId}/transcript?after={before.GetProperty("seq").GetInt64()}");
            Assert.Equal(posted, caughtUp.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        }
        finally
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }

    private static async Task<IHost> StartSilo(int[] ports, string cluster, string data)
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
