namespace LiveChat.Storage.Sqlite;

using Orleans.Runtime;
using Orleans.Storage;

/// <summary>Options of one <see cref="SqliteGrainStorage"/> provider instance.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>Path of the database file. Required; its folder is created on first use.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Durability of each commit. Defaults to <see cref="SqliteSynchronousMode.Full"/>.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>How long a statement waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True (default): clearing state deletes the row. False: the row is kept with an empty
    /// payload and a new ETag, so the version history of the key is never reset.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>Upper bound of writes committed together in one transaction (group commit).</summary>
    public int MaxWriteBatchSize { get; set; } = 256;

    /// <summary>
    /// Serializer for the payloads. When null, the silo registration uses an
    /// <see cref="IGrainStorageSerializer"/> registered keyed by the provider's name, else
    /// Orleans' binary <see cref="OrleansGrainStorageSerializer"/>. It deliberately does not
    /// fall back to the silo-wide default, which in Orleans 10 is Newtonsoft JSON with
    /// "Type, Assembly" names: renaming or moving a state type would make stored state
    /// unreadable, while the binary format follows [Id]/[Alias] and tolerates such changes.
    /// </summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>Throws <see cref="OrleansConfigurationException"/> naming the provider and the bad option.</summary>
    public void Validate(string providerName)
    {
        string Prefix(string option) => $"SQLite grain storage '{providerName}': {nameof(SqliteGrainStorageOptions)}.{option}";

        if (string.IsNullOrWhiteSpace(DatabasePath))
            throw new OrleansConfigurationException($"{Prefix(nameof(DatabasePath))} is required (path of the database file).");
        if (DatabasePath.EndsWith(Path.DirectorySeparatorChar) || DatabasePath.EndsWith(Path.AltDirectorySeparatorChar))
            throw new OrleansConfigurationException($"{Prefix(nameof(DatabasePath))} must name a file, not a folder: '{DatabasePath}'.");
        if (!Enum.IsDefined(Synchronous))
            throw new OrleansConfigurationException($"{Prefix(nameof(Synchronous))} has an unknown value {(int)Synchronous}.");
        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
            throw new OrleansConfigurationException($"{Prefix(nameof(BusyTimeout))} must be positive and below {int.MaxValue} ms, was {BusyTimeout}.");
        if (MaxWriteBatchSize < 1)
            throw new OrleansConfigurationException($"{Prefix(nameof(MaxWriteBatchSize))} must be at least 1, was {MaxWriteBatchSize}.");
    }
}
