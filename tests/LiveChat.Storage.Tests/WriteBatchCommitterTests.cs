namespace LiveChat.Storage.Tests;

using LiveChat.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

/// <summary>
/// Group commit, made deterministic by handing the committer a batch directly instead of
/// hoping concurrent callers land in the same one.
/// </summary>
public sealed class WriteBatchCommitterTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;
    private readonly WriteBatchCommitter _committer;

    public WriteBatchCommitterTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_db.Path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false }.ToString());
        _connection.Open();
        SqliteSchema.ConfigureWriter(_connection, new SqliteGrainStorageOptions { DatabasePath = _db.Path });
        SqliteSchema.EnsureCreated(_connection);
        _committer = new WriteBatchCommitter(_connection);
    }

    public void Dispose()
    {
        _committer.Dispose();
        _connection.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task One_conflicting_write_fails_alone_while_the_rest_of_the_batch_commits()
    {
        var seeded = Upsert("b", null);
        Assert.Null(_committer.Commit([seeded]));
        var bETag = await seeded.Completion;

        var a = Upsert("a", null);
        var bad = Upsert("b", "12345");
        var c = Upsert("c", null);
        Assert.Null(_committer.Commit([a, bad, c]));

        Assert.NotNull(await a.Completion);
        Assert.NotNull(await c.Completion);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => bad.Completion);
        Assert.Equal(bETag, conflict.StoredEtag);
        Assert.Equal(bETag, StoredVersion("b"));
        Assert.Equal(await a.Completion, StoredVersion("a"));
    }

    [Fact]
    public async Task Writes_to_one_key_in_one_batch_apply_in_order()
    {
        var first = Upsert("k", null);
        var second = Upsert("k", null); // expects no row, but `first` created it
        Assert.Null(_committer.Commit([first, second]));

        var etag = await first.Completion;
        await Assert.ThrowsAsync<InconsistentStateException>(() => second.Completion);

        var update = Upsert("k", etag);
        var staleDelete = new PendingWrite(WriteKind.Delete, "s", "k", etag, null); // `update` moved the ETag on
        Assert.Null(_committer.Commit([update, staleDelete]));

        var updated = await update.Completion;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => staleDelete.Completion);
        Assert.Equal(updated, conflict.StoredEtag);
        Assert.Equal(updated, StoredVersion("k"));
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_write_and_stores_none()
    {
        // A trigger makes the middle write fail after the first one was applied in the same transaction.
        Execute("""
            CREATE TRIGGER fail_boom BEFORE INSERT ON grain_state WHEN NEW.grain_id = 'boom'
            BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
            """);
        var a = Upsert("a", null);
        var boom = Upsert("boom", null);
        var c = Upsert("c", null);

        Assert.NotNull(_committer.Commit([a, boom, c]));

        // No write is acknowledged, because nothing of the batch was committed.
        await Assert.ThrowsAsync<SqliteException>(() => a.Completion);
        await Assert.ThrowsAsync<SqliteException>(() => boom.Completion);
        await Assert.ThrowsAsync<SqliteException>(() => c.Completion);
        Assert.Null(StoredVersion("a"));
        Assert.Null(StoredVersion("c"));

        // The writer connection is still usable afterwards.
        var later = Upsert("a", null);
        Assert.Null(_committer.Commit([later]));
        Assert.Equal(await later.Completion, StoredVersion("a"));
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static PendingWrite Upsert(string grain, string? etag) =>
        new(WriteKind.Upsert, "s", grain, etag, [1, 2, 3]);

    private string? StoredVersion(string grain)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT version FROM grain_state WHERE state_name = 's' AND grain_id = $g;";
        command.Parameters.AddWithValue("$g", grain);
        return command.ExecuteScalar()?.ToString();
    }
}
