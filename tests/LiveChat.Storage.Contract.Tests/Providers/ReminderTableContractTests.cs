namespace LiveChat.Storage.Contract.Tests.Providers;

using LiveChat.Storage.Contract.Tests.Contract;
using LiveChat.Storage.Contract.Tests.Infrastructure;
using LiveChat.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Reminders.AzureStorage;
using Orleans.Runtime.ReminderService;
using StackExchange.Redis;

/// <summary><see cref="SqliteReminderTable"/>, a temp database file per test.</summary>
public sealed class SqliteReminderTableContractTests : ReminderTableContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "livechat-contract-tests", "reminders-" + Guid.NewGuid().ToString("N"));

    protected override async Task<ReminderTableUnderTest> OpenAsync()
    {
        var table = new SqliteReminderTable(new SqliteReminderTableOptions { DatabasePath = Path.Combine(_folder, "livechat.db") }, "contract");
        await table.StartAsync();
        return new ReminderTableUnderTest(table, table.DisposeAsync);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// Orleans' Redis reminder table (Microsoft.Orleans.Reminders.Redis). Its class is internal, so it is
/// registered as a silo registers it (UseRedisReminderService) and taken from the container as the
/// silo's IReminderTable. A service id per test keeps its hash apart from other tests'.
/// </summary>
public sealed class RedisReminderTableContractTests(RedisServerFixture redis) : ReminderTableContract, IClassFixture<RedisServerFixture>
{
    private readonly string _serviceId = "contract-" + Guid.NewGuid().ToString("N");

    protected override async Task<ReminderTableUnderTest> OpenAsync()
    {
        redis.EnsureAvailable();
        var services = new ServiceCollection()
            .AddLogging()
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = "contract";
                o.ServiceId = _serviceId;
            })
            .UseRedisReminderService(o => o.ConfigurationOptions = new ConfigurationOptions { EndPoints = { $"127.0.0.1:{redis.Port}" } })
            .BuildServiceProvider();
        var table = services.GetRequiredService<IReminderTable>();
        await table.StartAsync();
        return new ReminderTableUnderTest(table, async () =>
        {
            await table.StopAsync();
            await services.DisposeAsync();
        });
    }
}

/// <summary>Orleans' Azure Table reminder table (Microsoft.Orleans.Reminders.AzureStorage) on azurite-table, a table per test.</summary>
public sealed class AzureTableReminderTableContractTests(AzuriteTableFixture azurite) : ReminderTableContract, IClassFixture<AzuriteTableFixture>
{
    private readonly string _table = "reminders" + Guid.NewGuid().ToString("N");

    protected override async Task<ReminderTableUnderTest> OpenAsync()
    {
        azurite.EnsureAvailable();
        var storage = new AzureTableReminderStorageOptions
        {
            TableName = _table,
            TableServiceClient = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString()),
        };
        IReminderTable table = new AzureBasedReminderTable(
            NullLoggerFactory.Instance,
            Options.Create(new ClusterOptions { ClusterId = "contract", ServiceId = "contract" }),
            Options.Create(storage));
        await table.StartAsync();
        return new ReminderTableUnderTest(table, async () => await table.StopAsync());
    }
}
