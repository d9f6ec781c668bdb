namespace LiveChat.Storage.Contract.Tests.Providers;

using LiveChat.Storage.AzureTables;
using LiveChat.Storage.Contract.Tests.Contract;
using LiveChat.Storage.Contract.Tests.Infrastructure;
using Orleans.Storage;
// Ours, not the type of the same name in Orleans' Azure package (referenced here for the Blob provider).
using AzureTableGrainStorage = LiveChat.Storage.AzureTables.AzureTableGrainStorage;

/// <summary>The contract on <see cref="AzureTableGrainStorage"/> against azurite-table, a table per test.</summary>
public abstract class AzureTableContractTestsBase(AzuriteTableFixture azurite) : SizeLimitedGrainStorageContract, IClassFixture<AzuriteTableFixture>
{
    private readonly string _table = "contract" + Guid.NewGuid().ToString("N");

    protected override Type OversizedStateError => typeof(AzureTableGrainStorageException);

    protected override int MaxPayloadBytes(IGrainStorage storage, string stateName, GrainId grain) =>
        ((AzureTableGrainStorage)storage).MaxPayloadBytes(stateName, grain);

    protected override Task<StorageUnderTest> OpenAsync()
    {
        azurite.EnsureAvailable();
        var storage = new AzureTableGrainStorage(
            "contract",
            new AzureTableGrainStorageOptions
            {
                ConnectionString = azurite.ConnectionString(),
                TableName = _table,
                DeleteStateOnClear = DeletesOnClear,
            },
            ContractSerializer.Instance);
        return Task.FromResult(new StorageUnderTest(storage, () => ValueTask.CompletedTask));
    }
}

public sealed class AzureTableContractTests(AzuriteTableFixture azurite) : AzureTableContractTestsBase(azurite)
{
    protected override bool DeletesOnClear => true;
}

public sealed class AzureTableKeepOnClearContractTests(AzuriteTableFixture azurite) : AzureTableContractTestsBase(azurite)
{
    protected override bool DeletesOnClear => false;
}
