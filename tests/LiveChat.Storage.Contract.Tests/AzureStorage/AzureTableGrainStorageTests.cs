namespace LiveChat.Storage.Contract.Tests.AzureStorage;

using Azure.Data.Tables;
using LiveChat.Storage.AzureTables;
using LiveChat.Storage.Contract.Tests.Contract;
using LiveChat.Storage.Contract.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
// Ours, not the type of the same name in Orleans' Azure package (referenced here for the Blob provider).
using AzureTableGrainStorage = LiveChat.Storage.AzureTables.AzureTableGrainStorage;

/// <summary>What the contract cannot see: the entity layout, torn or foreign entities, options and registration.</summary>
public sealed class AzureTableGrainStorageTests(AzuriteTableFixture azurite) : IClassFixture<AzuriteTableFixture>
{
    private const string StateName = "state";
    private readonly string _table = "azure" + Guid.NewGuid().ToString("N");

    private static GrainId Grain(string key) => GrainId.Create("azure-test", key);

    private AzureTableGrainStorage Create(bool deleteOnClear = true)
    {
        azurite.EnsureAvailable();
        return new AzureTableGrainStorage(
            "azure-test",
            new AzureTableGrainStorageOptions { ConnectionString = azurite.ConnectionString(), TableName = _table, DeleteStateOnClear = deleteOnClear },
            ContractSerializer.Instance);
    }

    private TableClient RawTable() => new TableServiceClient(azurite.ConnectionString()).GetTableClient(_table);

    private async Task<TableEntity> RawEntityAsync(GrainId grain, string stateName = StateName) =>
        (await RawTable().GetEntityAsync<TableEntity>(AzureTableKeys.Encode(grain.ToString()), AzureTableKeys.Encode(stateName))).Value;

    private static TestGrainState<BlobState> Blob(int bytes, int seed = 1)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return new TestGrainState<BlobState>(new BlobState { Data = data });
    }

    [SkippableFact]
    public async Task Payload_is_split_into_64_KiB_binary_properties_with_length_and_hash()
    {
        var storage = Create();
        var grain = Grain("chunks/1");
        var state = Blob(200_000);
        await storage.WriteStateAsync(StateName, grain, state);

        var entity = await RawEntityAsync(grain);
        var payload = ContractSerializer.Instance.Serialize(state.State).ToArray();
        Assert.Equal("azure-test/chunks/1", entity.GetString("GrainId"));
        Assert.Equal(StateName, entity.GetString("StateName"));
        Assert.Equal("azure-test!002Fchunks!002F1", entity.PartitionKey);
        Assert.Equal(payload.Length, entity.GetInt64("PayloadLength"));
        Assert.Equal(4, entity.GetInt32("PayloadChunks"));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(payload), entity.GetBinary("PayloadSha256"));
        var chunks = Enumerable.Range(0, 4).Select(i => entity.GetBinary($"Data{i}")).ToArray();
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(64 * 1024, c.Length));
        Assert.Equal(payload, chunks.SelectMany(c => c).ToArray());
        Assert.Equal(state.ETag, entity.ETag.ToString());

        // A smaller write replaces the whole entity: no chunk of the larger payload is left behind.
        state.State = new BlobState { Data = [1, 2, 3] };
        await storage.WriteStateAsync(StateName, grain, state);
        entity = await RawEntityAsync(grain);
        Assert.Equal(1, entity.GetInt32("PayloadChunks"));
        Assert.False(entity.ContainsKey("Data1"));
    }

    [SkippableFact]
    public async Task Default_registration_stores_orleans_binary_payloads_and_creates_the_table_at_start()
    {
        azurite.EnsureAvailable();
        await using var services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(CounterState).Assembly))
            .AddAzureTableGrainStorage("registered", o =>
            {
                o.ConnectionString = azurite.ConnectionString();
                o.TableName = _table;
            })
            .BuildServiceProvider();

        foreach (var validator in services.GetServices<IConfigurationValidator>()) validator.ValidateConfiguration();
        var storage = Assert.IsType<AzureTableGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("registered"));
        var lifecycle = new TestSiloLifecycle();
        storage.Participate(lifecycle);
        await lifecycle.StartAsync();
        Assert.Contains(new TableServiceClient(azurite.ConnectionString()).QueryAsync(t => t.Name == _table).ToBlockingEnumerable(), t => t.Name == _table);

        var state = new TestGrainState<CounterState>(new CounterState { Count = 5, Label = "five" });
        await storage.WriteStateAsync(StateName, Grain("registered"), state);

        // Byte for byte what Orleans' binary serializer writes: not the silo-wide JSON default.
        var expected = ContractSerializer.Instance.Serialize(state.State).ToArray();
        Assert.Equal(expected, (await RawEntityAsync(Grain("registered"))).GetBinary("Data0"));
    }

    [SkippableFact]
    public async Task Registration_validates_options_at_start_with_a_clear_message()
    {
        azurite.EnsureAvailable();
        await using var services = new ServiceCollection()
            .AddSerializer()
            .AddAzureTableGrainStorage("bad", o => o.ConnectionString = azurite.ConnectionString())
            .AddAzureTableGrainStorage("worse", o =>
            {
                o.ConnectionString = azurite.ConnectionString();
                o.TableName = "no-dashes";
            })
            .BuildServiceProvider();

        var errors = services.GetServices<IConfigurationValidator>()
            .Select(v => Record.Exception(v.ValidateConfiguration))
            .Where(e => e is not null)
            .ToArray();

        var error = Assert.IsType<OrleansConfigurationException>(Assert.Single(errors));
        Assert.Contains("'worse'", error.Message);
        Assert.Contains(nameof(AzureTableGrainStorageOptions.TableName), error.Message);
    }

    [SkippableFact]
    public async Task Torn_or_tampered_payloads_are_refused_not_deserialized()
    {
        var storage = Create();
        var tampers = new (string Name, Action<TableEntity> Tamper, string Expected)[]
        {
            ("chunk missing", e => e.Remove("Data1"), "Data1 of 2 is missing"),
            ("chunk changed", e => e["Data0"] = e.GetBinary("Data0").Select(b => (byte)(b ^ 1)).ToArray(), "SHA-256"),
            ("length changed", e => e["PayloadLength"] = e.GetInt64("PayloadLength")!.Value - 1, "not whole"),
            ("chunk count changed", e => e["PayloadChunks"] = 1, "not whole"),
            ("extra chunk", e => e["Data2"] = new byte[] { 1 }, "beyond"),
            ("hash missing", e => e.Remove("PayloadSha256"), "incomplete"),
            ("newer format", e => e["Format"] = 2, "format 2"),
            ("other grain's entity", e => e["GrainId"] = "azure-test/someone-else", "belongs to"),
        };

        foreach (var (name, tamper, expected) in tampers)
        {
            var grain = Grain("torn-" + name);
            var state = Blob(100_000);
            await storage.WriteStateAsync(StateName, grain, state);
            var entity = await RawEntityAsync(grain);
            tamper(entity);
            await RawTable().UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

            var target = new TestGrainState<BlobState>(new BlobState());
            var error = await Record.ExceptionAsync(() => storage.ReadStateAsync(StateName, grain, target));

            Assert.True(error is AzureTableGrainStorageException, $"{name}: expected AzureTableGrainStorageException, got {error?.GetType().Name ?? "success"}");
            Assert.Contains(expected, error!.Message);
            Assert.Empty(target.State.Data);
        }
    }

    [SkippableFact]
    public async Task Clear_without_delete_keeps_an_entity_without_payload()
    {
        var storage = Create(deleteOnClear: false);
        var grain = Grain("kept");
        var state = Blob(70_000);
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);

        var entity = await RawEntityAsync(grain);
        Assert.Equal(state.ETag, entity.ETag.ToString());
        Assert.False(entity.ContainsKey("PayloadLength"));
        Assert.False(entity.ContainsKey("Data0"));
        Assert.Equal(grain.ToString(), entity.GetString("GrainId"));
    }

    [SkippableFact]
    public async Task Limit_is_within_both_azure_entity_formula_and_request_size()
    {
        var storage = Create();
        var grain = Grain(new string('g', 300));
        var limit = storage.MaxPayloadBytes(StateName, grain);

        // Binary travels as base64, so the request size is the tighter bound: a little under 768 KiB.
        Assert.InRange(limit, 760_000, 786_432);
        var data = ContractSerializer.BlobDataBytesFor(limit);
        var state = new TestGrainState<BlobState>(new BlobState { Data = new byte[data] });
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.True((await RawEntityAsync(grain)).GetInt32("PayloadChunks") >= 12);
    }

    [Fact]
    public void Options_are_validated_with_the_provider_and_option_named()
    {
        var missing = Assert.Throws<OrleansConfigurationException>(
            () => new AzureTableGrainStorage("main", new AzureTableGrainStorageOptions(), ContractSerializer.Instance));
        Assert.Contains("'main'", missing.Message);
        Assert.Contains(nameof(AzureTableGrainStorageOptions.ConnectionString), missing.Message);

        var garbage = Assert.Throws<OrleansConfigurationException>(
            () => new AzureTableGrainStorageOptions { ConnectionString = "this is not one" }.Validate("main"));
        Assert.Contains(nameof(AzureTableGrainStorageOptions.ConnectionString), garbage.Message);

        foreach (var table in new[] { "", "ab", "1abc", "tables", "Tables", "with-dash", new string('a', 64) })
        {
            var error = Assert.Throws<OrleansConfigurationException>(
                () => new AzureTableGrainStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = table }.Validate("main"));
            Assert.Contains(nameof(AzureTableGrainStorageOptions.TableName), error.Message);
        }

        new AzureTableGrainStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = "Abc" + new string('1', 60) }.Validate("main");
        Assert.True(new AzureTableGrainStorageOptions().DeleteStateOnClear);
    }
}
