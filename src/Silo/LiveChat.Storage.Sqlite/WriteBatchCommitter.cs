namespace LiveChat.Storage.Sqlite;

using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

/// <summary>
/// Applies a batch of writes in one transaction on the writer connection (group commit).
/// Each write carries its own ETag check, so a conflicting write is reported alone while
/// the rest of the batch commits. Outcomes are released only after the commit returns.
/// Not thread-safe: used by the single writer thread only.
/// </summary>
internal sealed class WriteBatchCommitter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _readLastVersion;
    private readonly SqliteCommand _writeLastVersion;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _selectVersion;
    private readonly SqliteCommand _truncateLog;
    private readonly SqliteCommand[] _all;

    public WriteBatchCommitter(SqliteConnection connection)
    {
        _connection = connection;
        // Commands are built once and reused, so SQLite keeps their statements prepared.
        _readLastVersion = Command("SELECT value FROM storage_meta WHERE name = 'last_version';");
        _writeLastVersion = Command("UPDATE storage_meta SET value = $v WHERE name = 'last_version';", "$v");
        _insert = Command(
            """
            INSERT INTO grain_state (state_name, grain_id, version, payload, modified_utc_ms)
            VALUES ($s, $g, $v, $p, $t)
            ON CONFLICT (state_name, grain_id) DO NOTHING;
            """,
            "$s", "$g", "$v", "$p", "$t");
        _update = Command(
            """
            UPDATE grain_state SET version = $v, payload = $p, modified_utc_ms = $t
            WHERE state_name = $s AND grain_id = $g AND version = $e;
            """,
            "$s", "$g", "$v", "$p", "$t", "$e");
        _delete = Command(
            "DELETE FROM grain_state WHERE state_name = $s AND grain_id = $g AND version = $e;",
            "$s", "$g", "$e");
        _selectVersion = Command(
            "SELECT version FROM grain_state WHERE state_name = $s AND grain_id = $g;",
            "$s", "$g");
        _truncateLog = Command("PRAGMA wal_checkpoint(TRUNCATE);");
        _all = [_readLastVersion, _writeLastVersion, _insert, _update, _delete, _selectVersion];
    }

    /// <summary>
    /// Commits the batch, then completes every write. Never throws: returns the error that
    /// rolled back the whole batch (already handed to every write), or null.
    /// </summary>
    public Exception? Commit(IReadOnlyList<PendingWrite> batch)
    {
        var outcomes = new Outcome[batch.Count];
        try
        {
            using (var transaction = _connection.BeginTransaction(deferred: false))
            {
                foreach (var command in _all) command.Transaction = transaction;

                // Read inside the write lock, so another process on the same file cannot hand out the same ETag.
                var lastVersion = Convert.ToInt64(_readLastVersion.ExecuteScalar(), CultureInfo.InvariantCulture);
                var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                for (var i = 0; i < batch.Count; i++)
                {
                    outcomes[i] = Apply(batch[i], ref lastVersion, nowMs);
                }

                Set(_writeLastVersion, "$v", lastVersion);
                _writeLastVersion.ExecuteNonQuery();
                transaction.Commit();
            }

            if (batch.Any(w => w.Kind != WriteKind.Upsert)) TruncateLog();
        }
        catch (Exception error)
        {
            // The transaction rolled back: nothing of this batch is stored, including writes that
            // looked successful and conflicts that may have been caused by them.
            foreach (var write in batch) write.Fail(error);
            return error;
        }
        finally
        {
            foreach (var command in _all) command.Transaction = null;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Conflict is { } conflict) batch[i].Fail(conflict);
            else batch[i].Succeed(outcomes[i].NewETag);
        }

        return null;
    }

    /// <summary>
    /// After a clear (docs/rules.md E8): the write-ahead log still holds earlier images of the
    /// cleared row's pages; a checkpoint moves the log into the file (where secure_delete zeroed the
    /// row) and truncates the log to nothing, so the content is gone from both before the clear is
    /// acknowledged. Best effort: a reader holding an old snapshot makes it partial, and the next
    /// clear, or SQLite's own checkpoint, finishes it.
    /// </summary>
    private void TruncateLog()
    {
        try
        {
            _truncateLog.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Busy: the cleared rows are committed all the same.
        }
    }

    private Outcome Apply(PendingWrite write, ref long lastVersion, long nowMs)
    {
        var expected = ParseETag(write.ExpectedETag);
        var next = lastVersion + 1;

        int changed;
        switch (write.Kind)
        {
            case WriteKind.Upsert when expected is null:
                changed = Run(_insert, write, version: next, payload: write.Payload, nowMs: nowMs);
                break;
            case WriteKind.Upsert:
            case WriteKind.Tombstone when expected is not null:
                var payload = write.Kind == WriteKind.Upsert ? write.Payload : null;
                changed = Run(_update, write, version: next, payload: payload, nowMs: nowMs, expected: expected);
                break;
            case WriteKind.Delete when expected is not null:
                changed = Run(_delete, write, expected: expected);
                return changed == 1 ? Outcome.Done(null) : ConflictWith(write);
            default:
                // Clearing with no ETag: fine when there is nothing stored, a conflict otherwise.
                return StoredVersion(write) is null ? Outcome.Done(null) : ConflictWith(write);
        }

        if (changed != 1) return ConflictWith(write);
        lastVersion = next;
        return Outcome.Done(next.ToString(CultureInfo.InvariantCulture));
    }

    private int Run(SqliteCommand command, PendingWrite write, long? version = null, byte[]? payload = null, long? nowMs = null, long? expected = null)
    {
        Set(command, "$s", write.StateName);
        Set(command, "$g", write.GrainId);
        if (version is { } v) Set(command, "$v", v);
        if (command.Parameters.Contains("$p")) Set(command, "$p", payload);
        if (nowMs is { } t) Set(command, "$t", t);
        if (expected is { } e) Set(command, "$e", e);
        return command.ExecuteNonQuery();
    }

    private Outcome ConflictWith(PendingWrite write)
    {
        var stored = StoredVersion(write)?.ToString(CultureInfo.InvariantCulture);
        var message =
            $"ETag mismatch on {write.Kind} of state '{write.StateName}' for grain {write.GrainId}: " +
            $"stored ETag {stored ?? "<none>"}, given {write.ExpectedETag ?? "<none>"}.";
        return new Outcome(null, new InconsistentStateException(message, stored, write.ExpectedETag));
    }

    private long? StoredVersion(PendingWrite write)
    {
        Set(_selectVersion, "$s", write.StateName);
        Set(_selectVersion, "$g", write.GrainId);
        return _selectVersion.ExecuteScalar() is long version ? version : null;
    }

    // ETags are decimal versions. Anything else was not issued by this store and can
    // never match, so it maps to a version no row has (versions start at 1).
    private static long? ParseETag(string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : -1;

    private static void Set(SqliteCommand command, string name, object? value) =>
        command.Parameters[name].Value = value ?? DBNull.Value;

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public void Dispose()
    {
        _truncateLog.Dispose();
        foreach (var command in _all) command.Dispose();
    }

    private readonly record struct Outcome(string? NewETag, InconsistentStateException? Conflict)
    {
        public static Outcome Done(string? newETag) => new(newETag, null);
    }
}
