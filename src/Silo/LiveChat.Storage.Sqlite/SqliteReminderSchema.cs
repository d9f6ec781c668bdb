namespace LiveChat.Storage.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>
/// The reminder table's layout, beside the grain storage's tables in the same file. Created with
/// IF NOT EXISTS and left out of the grain storage's schema version: a build without reminders
/// ignores these tables, and this one adds them to a file written before they existed.
/// </summary>
internal static class SqliteReminderSchema
{
    // reminders: one row per (service, grain, reminder name). grain_hash is the grain's uniform hash
    // (a uint kept as a non-negative INTEGER), indexed for the reminder service's ring-range reads.
    // reminder_meta.last_version: the last ETag handed out, from one counter as in the grain storage,
    // so a reminder removed and registered again never reuses an ETag a stale caller may hold.
    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS reminders (
            service_id     TEXT    NOT NULL,
            grain_id       TEXT    NOT NULL,
            reminder_name  TEXT    NOT NULL,
            grain_hash     INTEGER NOT NULL,
            start_at_ticks INTEGER NOT NULL,
            period_ticks   INTEGER NOT NULL,
            version        INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
        CREATE TABLE IF NOT EXISTS reminder_meta (
            name  TEXT    NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO reminder_meta (name, value) VALUES ('last_version', 0)
            ON CONFLICT (name) DO NOTHING;
        """;

    /// <summary>The grain storage's connection settings: WAL, the configured synchronous level and busy timeout.</summary>
    public static void Configure(SqliteConnection connection, SqliteReminderTableOptions options) =>
        SqliteSchema.ConfigureWriter(connection, options.Synchronous, options.BusyTimeout);

    /// <summary>Creates the tables if missing; safe while the grain storage (or another process) uses the file.</summary>
    public static void EnsureCreated(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, CreateTables, transaction);
        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
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
