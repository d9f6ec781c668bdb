namespace LiveChat.Storage.Tests;

using LiveChat.Storage.Sqlite;

public sealed class OptionsTests
{
    [Fact]
    public void Missing_database_path_is_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<OrleansConfigurationException>(
            () => new SqliteGrainStorage("main", new SqliteGrainStorageOptions(), StorageHarness.Serializer));

        Assert.Contains("'main'", error.Message);
        Assert.Contains(nameof(SqliteGrainStorageOptions.DatabasePath), error.Message);
        Assert.Contains("required", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_busy_timeout_is_rejected(int seconds)
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = "x.db", BusyTimeout = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<OrleansConfigurationException>(() => options.Validate("main"));

        Assert.Contains(nameof(SqliteGrainStorageOptions.BusyTimeout), error.Message);
    }

    [Fact]
    public void Folder_instead_of_file_is_rejected()
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = Path.GetTempPath() + Path.DirectorySeparatorChar };

        Assert.Throws<OrleansConfigurationException>(() => options.Validate("main"));
    }

    [Fact]
    public void Defaults_favour_durability()
    {
        var options = new SqliteGrainStorageOptions();

        Assert.Equal(SqliteSynchronousMode.Full, options.Synchronous);
        Assert.True(options.DeleteStateOnClear);
        Assert.True(options.BusyTimeout > TimeSpan.Zero);
    }
}
