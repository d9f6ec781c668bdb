namespace LiveChat.Storage.Sqlite;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> level for the writer connection.
/// In WAL mode <see cref="Full"/> syncs the log on every commit, so an acknowledged
/// write survives power loss; <see cref="Normal"/> may lose the last commits on power
/// loss (not on a process crash).
/// </summary>
public enum SqliteSynchronousMode
{
    Off = 0,
    Normal = 1,
    Full = 2,
    Extra = 3,
}
