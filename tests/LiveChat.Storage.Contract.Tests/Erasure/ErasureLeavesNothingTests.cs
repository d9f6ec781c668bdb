namespace LiveChat.Storage.Contract.Tests.Erasure;

using System.Text;
using Azure.Data.Tables;
using LiveChat.Attachments.AzureBlobs;
using LiveChat.Storage.AzureTables;
using LiveChat.Storage.Contract.Tests.Contract;
using LiveChat.Storage.Contract.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;
using AzureTableGrainStorage = LiveChat.Storage.AzureTables.AzureTableGrainStorage;

/// <summary>
/// E8 (docs/rules.md) on each shared store, configured as the silo configures it: a state written
/// with a unique marker and then cleared (what an erased chat's rows go through, ClearStateAsync)
/// leaves no byte of the marker in the store, read raw: every Redis key and value, every Azure
/// Table entity's properties, every blob of the attachment container after the file's deletion.
/// </summary>
public sealed class RedisErasureTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [SkippableFact]
    public async Task E8_a_cleared_state_leaves_no_key_or_value_holding_its_content_in_Redis()
    {
        redis.EnsureAvailable();
        var serviceId = "erasure-" + Guid.NewGuid().ToString("N");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSerializer(builder => builder.AddAssembly(typeof(CounterState).Assembly))
            .AddSingleton(ContractSerializer.Instance)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = "erasure";
                o.ServiceId = serviceId;
            })
            .AddRedisGrainStorage("erasure", o =>
            {
                o.ConfigurationOptions = new ConfigurationOptions { EndPoints = { $"127.0.0.1:{redis.Port}" } };
                // As LiveChatSiloBuilderExtensions configures Silo:Storage=Redis.
                o.DeleteStateOnClear = true;
                o.GrainStorageSerializer = ContractSerializer.Instance;
            })
            .BuildServiceProvider();
        var storage = services.GetRequiredKeyedService<IGrainStorage>("erasure");
        var lifecycle = new TestSiloLifecycle();
        ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);
        await lifecycle.StartAsync();
        try
        {
            var marker = "erase-me-" + Guid.NewGuid().ToString("N");
            var grain = GrainId.Create("chat", "erasure-" + Guid.NewGuid().ToString("N"));
            var state = new TestGrainState<CounterState>(new CounterState { Count = 1, Label = $"The end user said {marker}" });
            await storage.WriteStateAsync("chat", grain, state);
            using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
            Assert.True(await RedisContent.Holds(connection, marker), "The marker should be stored before the clear (else this test proves nothing).");

            await storage.ClearStateAsync("chat", grain, state);

            Assert.False(await RedisContent.Holds(connection, marker), "A cleared state's content is still in Redis.");
        }
        finally
        {
            await lifecycle.StopAsync();
        }
    }
}

public sealed class AzureTableErasureTests(AzuriteTableFixture azurite) : IClassFixture<AzuriteTableFixture>
{
    [SkippableFact]
    public async Task E8_a_cleared_state_leaves_no_entity_holding_its_content_in_Azure_Table_Storage()
    {
        azurite.EnsureAvailable();
        var table = "erasure" + Guid.NewGuid().ToString("N");
        var storage = new AzureTableGrainStorage("erasure",
            new AzureTableGrainStorageOptions { ConnectionString = azurite.ConnectionString(), TableName = table, DeleteStateOnClear = true },
            ContractSerializer.Instance);
        var marker = "erase-me-" + Guid.NewGuid().ToString("N");
        var grain = GrainId.Create("chat", "erasure-" + Guid.NewGuid().ToString("N"));
        // Large enough to be split over several properties (the store's layout), each of which must go.
        var label = string.Concat(Enumerable.Repeat($"The end user said {marker}. ", 4000));
        var state = new TestGrainState<CounterState>(new CounterState { Count = 1, Label = label });
        await storage.WriteStateAsync("chat", grain, state);
        var client = new TableClient(azurite.ConnectionString(), table);
        Assert.True(await TableHolds(client, marker), "The marker should be stored before the clear (else this test proves nothing).");

        await storage.ClearStateAsync("chat", grain, state);

        Assert.False(await TableHolds(client, marker), "A cleared state's content is still in the table.");
    }

    /// <summary>Every entity of the table, every property, binary ones as UTF-8, searched for the text.</summary>
    private static async Task<bool> TableHolds(TableClient table, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            foreach (var (name, value) in entity)
            {
                var holds = value switch
                {
                    byte[] bytes => bytes.AsSpan().IndexOf(needle) >= 0,
                    BinaryData data => data.ToMemory().Span.IndexOf(needle) >= 0,
                    string s => s.Contains(text, StringComparison.Ordinal),
                    _ => false,
                };
                if (holds || name.Contains(text, StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }
}

public sealed class AzureBlobErasureTests(AzuriteBlobFixture azurite) : IClassFixture<AzuriteBlobFixture>
{
    [SkippableFact]
    public async Task E8_a_deleted_attachment_leaves_no_blob_holding_its_bytes()
    {
        azurite.EnsureAvailable();
        var store = new AzureBlobAttachmentStore(new AzureBlobAttachmentStoreOptions
        {
            ConnectionString = azurite.ConnectionString(),
            ContainerName = "erasure-" + Guid.NewGuid().ToString("N"),
        });
        var marker = "erase-me-" + Guid.NewGuid().ToString("N");
        await store.SaveAsync("chat-1", "att-1", new MemoryStream(Encoding.UTF8.GetBytes($"Invoice text {marker}")), CancellationToken.None);
        Assert.True(await ContainerHolds(store, marker), "The marker should be stored before the deletion (else this test proves nothing).");

        await store.DeleteAsync("chat-1", "att-1");

        Assert.False(await ContainerHolds(store, marker), "A deleted attachment's bytes are still in the container.");
        Assert.Null(await store.OpenAsync("chat-1", "att-1", CancellationToken.None));
    }

    /// <summary>Every blob of the container, snapshots and versions included, downloaded and searched.</summary>
    private static async Task<bool> ContainerHolds(AzureBlobAttachmentStore store, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var options = new Azure.Storage.Blobs.Models.GetBlobsOptions
        {
            States = Azure.Storage.Blobs.Models.BlobStates.Snapshots | Azure.Storage.Blobs.Models.BlobStates.Deleted,
        };
        await foreach (var item in store.Container.GetBlobsAsync(options))
        {
            var blob = store.Container.GetBlobClient(item.Name);
            if (item.Snapshot is { } snapshot) blob = blob.WithSnapshot(snapshot);
            var content = await blob.DownloadContentAsync();
            if (content.Value.Content.ToMemory().Span.IndexOf(needle) >= 0) return true;
        }
        return false;
    }
}
