namespace LiveChat.Storage.Contract.Tests.Providers;

using LiveChat.Storage.Contract.Tests.Contract;
using LiveChat.Storage.Sqlite;

/// <summary>The contract on <see cref="SqliteGrainStorage"/>, a temp database file per test.</summary>
public abstract class SqliteContractTestsBase : GrainStorageContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "livechat-contract-tests", "sqlite-" + Guid.NewGuid().ToString("N"));

    protected override async Task<StorageUnderTest> OpenAsync()
    {
        var storage = new SqliteGrainStorage(
            "contract",
            new SqliteGrainStorageOptions { DatabasePath = Path.Combine(_folder, "grains.db"), DeleteStateOnClear = DeletesOnClear },
            ContractSerializer.Instance);
        await Task.CompletedTask;
        return new StorageUnderTest(storage, storage.DisposeAsync);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteContractTests : SqliteContractTestsBase
{
    protected override bool DeletesOnClear => true;
}

public sealed class SqliteKeepOnClearContractTests : SqliteContractTestsBase
{
    protected override bool DeletesOnClear => false;
}
