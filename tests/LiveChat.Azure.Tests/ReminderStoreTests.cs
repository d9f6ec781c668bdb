namespace LiveChat.Azure.Tests;

using global::Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Where a silo keeps its reminders (the timed work that must survive a restart), chosen by
/// configuration: Redis clustering puts them in Redis; otherwise they sit beside the grain state
/// (the SQLite file, Redis, or Azure Table Storage).
/// </summary>
public sealed class ReminderStoreTests(AzuriteTableFixture azurite) : IClassFixture<AzuriteTableFixture>, IDisposable
{
    private const string Account = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.AccountKey +
        ";TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "livechat-azure-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("Localhost", "Sqlite", "SqliteReminderTable")]
    [InlineData("Localhost", "Redis", "RedisReminderTable")]
    [InlineData("Localhost", "AzureTables", "AzureBasedReminderTable")]
    [InlineData("Redis", "Redis", "RedisReminderTable")]
    [InlineData("Redis", "AzureTables", "RedisReminderTable")]
    [InlineData("AzureTables", "AzureTables", "AzureBasedReminderTable")]
    [InlineData("AzureTables", "Redis", "AzureBasedReminderTable")]
    [InlineData("Localhost", "AzureBlobs", "AzureBasedReminderTable")]
    public void The_reminder_table_follows_clustering_then_storage(string clustering, string storage, string expected)
    {
        // Built, not started: the tables are constructed without reaching any server.
        using var host = SiloHost.Build(new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = clustering,
            ["Silo:Storage"] = storage,
            ["Silo:Redis:ConnectionString"] = "127.0.0.1:9",
            ["Silo:AzureTables:ConnectionString"] = Account,
            ["Silo:DataFolder"] = _dataFolder,
        });
        Assert.Equal(expected, host.Services.GetRequiredService<IReminderTable>().GetType().Name);
    }

    [SkippableFact]
    public async Task With_Azure_Tables_storage_on_one_silo_a_pending_invite_has_its_reminder_in_Azure_Tables()
    {
        azurite.EnsureAvailable();
        var serviceId = "reminders-" + Guid.NewGuid().ToString("N")[..8];
        var host = await SiloHost.Start(new Dictionary<string, string?>
        {
            ["Silo:Storage"] = "AzureTables",
            ["Silo:AzureTables:ConnectionString"] = azurite.ConnectionString(),
            ["Silo:AzureTables:TableName"] = "LiveChat" + Guid.NewGuid().ToString("N")[..12],
            ["Silo:ServiceId"] = serviceId,
            ["Silo:DataFolder"] = _dataFolder,
        });
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            await grains.Agent("alice").SetPresence(Presence.Online);
            await grains.Agent("bob").SetPresence(Presence.Online);
            var chatId = "reminded-" + Guid.NewGuid().ToString("N");
            var chat = grains.Chat(chatId);
            await chat.Start(new StartChatRequest("billing", new EndUserInfo("u-" + Guid.NewGuid().ToString("N")[..16], "Pat Customer"), "Hello"));
            await chat.Accept("alice");
            await chat.Invite("alice", "bob", JoinMode.Monitor);

            // Orleans' Azure reminder table (default name OrleansReminders), read with the plain table client.
            var reminders = new TableClient(azurite.ConnectionString(), "OrleansReminders");
            var rows = reminders.QueryAsync<TableEntity>(maxPerPage: 1000);
            var found = false;
            await foreach (var row in rows)
            {
                var values = ((IDictionary<string, object>)row).Values.OfType<string>().ToList();
                found |= values.Any(v => v.Contains(chatId, StringComparison.Ordinal)) && values.Contains("invite-expiry");
            }
            Assert.True(found, $"No invite-expiry reminder row for {chatId} in OrleansReminders.");
            Assert.False(File.Exists(Path.Combine(_dataFolder, "livechat.db")), "Nothing goes to a SQLite file with Azure Tables storage.");
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
