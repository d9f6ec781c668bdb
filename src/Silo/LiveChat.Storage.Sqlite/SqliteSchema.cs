namespace LiveChat.Storage.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>Connection settings and the table layout, applied idempotently on first use.</summary>
internal static class SqliteSchema
{
    /// <summary>Bumped when the layout changes, so an older build refuses a newer file instead of corrupting it.</summary>
    private const int SchemaVersion = 1;

    // grain_state: one row per (state name, grain id). A normal rowid table rather than
    // WITHOUT ROWID, because payloads can be megabytes and SQLite advises WITHOUT ROWID
    // only for small rows.
    // storage_meta.last_version: the last ETag handed out. ETags come from this single
    // counter instead of a per-row count, so a key that is deleted and re-created never
    // reuses an old ETag and a stale writer cannot slip through (ABA).
    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name      TEXT    NOT NULL,
            grain_id        TEXT    NOT NULL,
            version         INTEGER NOT NULL,
            payload         BLOB    NULL,
            modified_utc_ms INTEGER NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        CREATE TABLE IF NOT EXISTS storage_meta (
            name  TEXT    NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO storage_meta (name, value) VALUES ('last_version', 0)
            ON CONFLICT (name) DO NOTHING;
        """;

    /// <summary>Per-connection settings of the single writer connection.</summary>
    public static void ConfigureWriter(SqliteConnection connection, SqliteGrainStorageOptions options) =>
        ConfigureWriter(connection, options.Synchronous, options.BusyTimeout);

    /// <summary>
    /// The settings every writer connection to the file takes (the grain storage's and the reminder
    /// table's, which share the file): WAL, the synchronous level and the busy timeout.
    /// </summary>
    public static void ConfigureWriter(SqliteConnection connection, SqliteSynchronousMode synchronous, TimeSpan busyTimeout)
    {
        // WAL lets readers run while a commit is in progress; the mode is stored in the
        // file. SQLite answers with the mode actually in force, which is not WAL on some
        // file systems (e.g. network shares), and the durability reasoning depends on it.
        var mode = Scalar(connection, "PRAGMA journal_mode = WAL;") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused WAL journal mode for '{connection.DataSource}' (got '{mode}'); the file system may not support it.");
        }

        Execute(connection, $"PRAGMA synchronous = {(int)synchronous};");
        // Erasure (docs/rules.md E8): deleted or replaced content is overwritten with zeros in the file,
        // not left in free space where a copy of the file would still show it.
        Execute(connection, "PRAGMA secure_delete = ON;");
        Execute(connection, $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds};");
    }

    /// <summary>Creates the tables if missing; safe to run from several processes at once.</summary>
    public static void EnsureCreated(SqliteConnection connection)
    {
        // IMMEDIATE takes the write lock first, so two first-time starters do not race.
        using var transaction = connection.BeginTransaction(deferred: false);
        var existing = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;", transaction));
        if (existing > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"'{connection.DataSource}' has storage schema version {existing}; this build understands up to {SchemaVersion}.");
        }

        Execute(connection, CreateTables, transaction);
        Execute(connection, $"PRAGMA user_version = {SchemaVersion};", transaction);
        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
