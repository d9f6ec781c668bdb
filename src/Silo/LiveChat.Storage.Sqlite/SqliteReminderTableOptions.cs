namespace LiveChat.Storage.Sqlite;

using Orleans.Runtime;

/// <summary>
/// Options of <see cref="SqliteReminderTable"/>. Point <see cref="DatabasePath"/> at the grain storage's file:
/// the reminders then live and are backed up with the state they act on.
/// </summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>Path of the database file. Required; its folder is created on first use.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Durability of each commit; the grain storage's default (<see cref="SqliteSynchronousMode.Full"/>).</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// How long a statement waits for the file's write lock, which the grain storage's writer shares.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="OrleansConfigurationException"/> naming the bad option.</summary>
    public void Validate()
    {
        const string Prefix = $"SQLite reminder table: {nameof(SqliteReminderTableOptions)}.";
        if (string.IsNullOrWhiteSpace(DatabasePath))
            throw new OrleansConfigurationException($"{Prefix}{nameof(DatabasePath)} is required (path of the database file).");
        if (DatabasePath.EndsWith(Path.DirectorySeparatorChar) || DatabasePath.EndsWith(Path.AltDirectorySeparatorChar))
            throw new OrleansConfigurationException($"{Prefix}{nameof(DatabasePath)} must name a file, not a folder: '{DatabasePath}'.");
        if (!Enum.IsDefined(Synchronous))
            throw new OrleansConfigurationException($"{Prefix}{nameof(Synchronous)} has an unknown value {(int)Synchronous}.");
        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
            throw new OrleansConfigurationException($"{Prefix}{nameof(BusyTimeout)} must be positive and below {int.MaxValue} ms, was {BusyTimeout}.");
    }
}
