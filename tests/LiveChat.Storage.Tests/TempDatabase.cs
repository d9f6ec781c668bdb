namespace LiveChat.Storage.Tests;

using Microsoft.Data.Sqlite;

/// <summary>A database path in a fresh temp folder of its own, deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "livechat-storage-tests", Guid.NewGuid().ToString("N"));
        // Deliberately not created: the provider must create the folder itself.
        Path = System.IO.Path.Combine(Folder, "nested", "grains.db");
    }

    public string Folder { get; }

    public string Path { get; }

    public void Dispose()
    {
        // Pooled connections of tests that inspect the file directly.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
