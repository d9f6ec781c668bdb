namespace LiveChat.Storage.Tests;

using Microsoft.Data.Sqlite;
using Orleans.Storage;
using static LiveChat.Storage.Tests.StorageHarness;

/// <summary>The IGrainStorage contract, against a real file, one provider instance at a time.</summary>
public sealed class ProviderContractTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Read_of_missing_state_leaves_default_and_reports_no_record()
    {
        await using var storage = Create(_db);

        var read = await ReadAsync<CounterState>(storage, "s", Grain("missing"));

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State.Count);
    }

    [Fact]
    public async Task Write_is_durable_across_provider_instances()
    {
        var grain = Grain("durable");
        var written = Counter(42);
        await using (var first = Create(_db))
        {
            await first.WriteStateAsync("s", grain, written);
        }

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);

        await using var second = Create(_db);
        var read = await ReadAsync<CounterState>(second, "s", grain);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(42, read.State.Count);
        Assert.Equal("count 42", read.State.Label);
    }

    [Fact]
    public async Task State_names_and_grain_ids_key_separate_rows()
    {
        await using var storage = Create(_db);
        await storage.WriteStateAsync("a", Grain("g1"), Counter(1));
        await storage.WriteStateAsync("b", Grain("g1"), Counter(2));
        await storage.WriteStateAsync("a", Grain("g2"), Counter(3));

        Assert.Equal(1, (await ReadAsync<CounterState>(storage, "a", Grain("g1"))).State.Count);
        Assert.Equal(2, (await ReadAsync<CounterState>(storage, "b", Grain("g1"))).State.Count);
        Assert.Equal(3, (await ReadAsync<CounterState>(storage, "a", Grain("g2"))).State.Count);
    }

    [Fact]
    public async Task Every_write_gets_a_new_etag()
    {
        await using var storage = Create(_db);
        var state = Counter(1);
        await storage.WriteStateAsync("s", Grain("g"), state);
        var first = state.ETag;
        await storage.WriteStateAsync("s", Grain("g"), state);

        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task Stale_etag_write_throws_and_changes_nothing()
    {
        await using var storage = Create(_db);
        var grain = Grain("conflict");
        var current = Counter(1);
        await storage.WriteStateAsync("s", grain, current);
        var staleETag = current.ETag;
        current.State.Count = 2;
        await storage.WriteStateAsync("s", grain, current);

        var stale = Counter(99, staleETag);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, stale));

        Assert.Equal(current.ETag, error.StoredEtag);
        Assert.Equal(staleETag, error.CurrentEtag);
        Assert.Equal(staleETag, stale.ETag); // the caller's state is left as it was
        var read = await ReadAsync<CounterState>(storage, "s", grain);
        Assert.Equal(2, read.State.Count);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task Null_etag_write_over_an_existing_row_is_a_conflict()
    {
        await using var storage = Create(_db);
        var grain = Grain("exists");
        await storage.WriteStateAsync("s", grain, Counter(1));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, Counter(2)));

        Assert.Null(error.CurrentEtag);
        Assert.Equal(1, (await ReadAsync<CounterState>(storage, "s", grain)).State.Count);
    }

    [Fact]
    public async Task Foreign_etag_is_a_conflict_not_a_crash()
    {
        await using var storage = Create(_db);
        var grain = Grain("foreign");
        await storage.WriteStateAsync("s", grain, Counter(1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, Counter(2, "W/\"abc\"")));
    }

    [Fact]
    public async Task Clear_deletes_and_read_shows_no_record()
    {
        await using var storage = Create(_db);
        var grain = Grain("clear");
        var state = Counter(5);
        await storage.WriteStateAsync("s", grain, state);

        await storage.ClearStateAsync("s", grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync<CounterState>(storage, "s", grain);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, CountRows(_db.Path));
    }

    [Fact]
    public async Task Clear_with_stale_etag_throws_and_keeps_the_row()
    {
        await using var storage = Create(_db);
        var grain = Grain("clear-stale");
        var state = Counter(5);
        await storage.WriteStateAsync("s", grain, state);
        var stale = Counter(0, state.ETag);
        await storage.WriteStateAsync("s", grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", grain, stale));

        Assert.True((await ReadAsync<CounterState>(storage, "s", grain)).RecordExists);
    }

    [Fact]
    public async Task Clear_of_missing_state_with_null_etag_succeeds()
    {
        await using var storage = Create(_db);
        var state = Counter(0);

        await storage.ClearStateAsync("s", Grain("never-written"), state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task State_can_be_recreated_after_clear_and_old_etags_stay_invalid()
    {
        await using var storage = Create(_db);
        var grain = Grain("recreate");
        var state = Counter(1);
        await storage.WriteStateAsync("s", grain, state);
        var beforeClear = state.ETag;
        await storage.ClearStateAsync("s", grain, state);

        var recreated = Counter(7);
        await storage.WriteStateAsync("s", grain, recreated);

        Assert.NotEqual(beforeClear, recreated.ETag); // ETags are never reused after a delete
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, Counter(8, beforeClear)));
        var read = await ReadAsync<CounterState>(storage, "s", grain);
        Assert.Equal(7, read.State.Count);
        Assert.Equal(recreated.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_without_delete_keeps_a_versioned_empty_row()
    {
        await using var storage = Create(_db, o => o.DeleteStateOnClear = false);
        var grain = Grain("tombstone");
        var state = Counter(3);
        await storage.WriteStateAsync("s", grain, state);
        var beforeClear = state.ETag;

        await storage.ClearStateAsync("s", grain, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(beforeClear, state.ETag);
        var read = await ReadAsync<CounterState>(storage, "s", grain);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(1, CountRows(_db.Path));

        // The kept row's ETag is what the next write must present.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, Counter(4)));
        await storage.WriteStateAsync("s", grain, read);
        Assert.True((await ReadAsync<CounterState>(storage, "s", grain)).RecordExists);
    }

    [Fact]
    public async Task Large_state_round_trips()
    {
        var data = new byte[6 * 1024 * 1024];
        new Random(1234).NextBytes(data);
        var grain = Grain("large");
        await using (var writer = Create(_db))
        {
            await writer.WriteStateAsync("s", grain, new TestGrainState<BlobState>(new BlobState { Data = data }));
        }

        await using var reader = Create(_db);
        var read = await ReadAsync<BlobState>(reader, "s", grain);
        Assert.True(read.RecordExists);
        Assert.Equal(data, read.State.Data);
    }

    [Fact]
    public async Task File_uses_wal_and_schema_setup_is_idempotent()
    {
        await using (var first = Create(_db))
        {
            await first.WriteStateAsync("s", Grain("g"), Counter(1));
        }

        // A second start on the same file must neither fail nor lose data.
        await using (var second = Create(_db))
        {
            Assert.Equal(1, (await ReadAsync<CounterState>(second, "s", Grain("g"))).State.Count);
        }

        using var connection = Open(_db.Path);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Dispose_closes_the_file_cleanly()
    {
        var storage = Create(_db);
        await storage.WriteStateAsync("s", Grain("g"), Counter(1));
        await ReadAsync<CounterState>(storage, "s", Grain("g"));

        await storage.DisposeAsync();

        // SQLite checkpoints and removes the -wal file when the last connection closes.
        Assert.False(File.Exists(_db.Path + "-wal"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync("s", Grain("g"), Counter(2)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ReadAsync<CounterState>(storage, "s", Grain("g")));
        await storage.DisposeAsync(); // idempotent
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long CountRows(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state;";
        return (long)command.ExecuteScalar()!;
    }
}
