namespace LiveChat.Storage.Sqlite;

using Orleans;

/// <summary>Runs at silo start, so a misconfigured reminder table stops the silo with a clear message.</summary>
internal sealed class SqliteReminderTableOptionsValidator(SqliteReminderTableOptions options) : IConfigurationValidator
{
    public void ValidateConfiguration() => options.Validate();
}
