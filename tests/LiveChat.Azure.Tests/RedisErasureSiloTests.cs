namespace LiveChat.Azure.Tests;

using LiveChat.Gateway.Testing;
using LiveChat.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

/// <summary>
/// E8 and E9 on Redis, through a silo host configured by Silo:Storage=Redis alone: an end user's chat
/// (sealed transcript pages, a file, a side note) and its webhook deliveries waiting for a receiver that
/// refuses connections are erased through the grains, and then no key or value anywhere in the Redis
/// server holds what the end user wrote or its name.
/// </summary>
public sealed class RedisErasureSiloTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "livechat-azure-tests", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task E8_E9_an_erased_end_users_chat_and_its_waiting_webhook_deliveries_leave_no_key_or_value_in_Redis()
    {
        redis.EnsureAvailable();
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Storage"] = "Redis",
            ["Silo:Redis:ConnectionString"] = $"127.0.0.1:{redis.Port}",
            ["Silo:ClusterId"] = "erase-" + Guid.NewGuid().ToString("N")[..8],
            ["Silo:DataFolder"] = _dataFolder,
            // A receiver on loopback that refuses every connection: the deliveries wait in the outbox (W4).
            ["LiveChat:Webhooks:AllowPrivateTargets"] = "true",
            ["LiveChat:Webhooks:RouteCacheTtl"] = "00:00:00",
        };
        var marker = "erase-me-" + Guid.NewGuid().ToString("N");
        var name = "Erin " + Guid.NewGuid().ToString("N")[..10];
        var endUserId = "u-" + Guid.NewGuid().ToString("N")[..16];
        var chatId = "erase-" + Guid.NewGuid().ToString("N");

        var host = await SiloHost.Start(settings);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var registry = grains.WebhookRegistry();
            var endpoint = (await registry.Register("ada", new WebhookEndpointRequest(
                $"http://127.0.0.1:{FreePorts.One()}/hook", ["chat.started", "message.posted"]))).Endpoint;
            await grains.Agent("alice").SetPresence(Presence.Online);
            var chat = grains.Chat(chatId);
            await chat.Start(new StartChatRequest("billing", new EndUserInfo(endUserId, name), $"First words {marker}"));
            await chat.Accept("alice");
            // More lines than a transcript page (64), so sealed pages are erased too.
            for (var i = 1; i <= 70; i++)
            {
                if (i % 2 == 0) await chat.PostAgentMessage("alice", $"Reply {i} {marker}");
                else await chat.PostEndUserMessage(endUserId, $"Line {i} {marker}");
            }
            await chat.AddEndUserAttachment(endUserId, new AttachmentInfo("att-1", $"scan-{marker}.pdf", "application/pdf", 10));
            await chat.AddSideNote("alice", $"Internal {marker}");
            await chat.End("alice");
            await GatewayFactory.WaitUntil(async () => (await registry.ReadDeliveries("ada", endpoint.Id, 0, 10)).Pending > 1,
                TimeSpan.FromSeconds(30), "the chat's deliveries to wait in the outbox");

            using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
            Assert.True(await RedisContent.Holds(connection, marker), "The chat's text should be in Redis before erasure (else this test proves nothing).");
            Assert.True(await RedisContent.Holds(connection, name), "The end user's name should be in Redis before erasure (else this test proves nothing).");

            var report = await grains.DataProtection().Erase("ada", new DataSubject(EndUserId: endUserId));

            Assert.Equal(chatId, Assert.Single(report.Erased).ChatId);
            Assert.Equal(0, (await registry.ReadDeliveries("ada", endpoint.Id, 0, 10)).Pending);
            Assert.False(await RedisContent.Holds(connection, marker), "An erased chat's text is still in a Redis key or value.");
            Assert.False(await RedisContent.Holds(connection, name), "An erased end user's name is still in a Redis key or value.");
            await registry.Delete("ada", endpoint.Id);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }


    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
