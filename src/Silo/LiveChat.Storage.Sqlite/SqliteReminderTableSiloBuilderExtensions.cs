// In Orleans.Hosting, next to UseRedisReminderService and UseAzureTableReminderService.
namespace Orleans.Hosting;

using LiveChat.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration.Internal;

/// <summary>Registers <see cref="SqliteReminderTable"/> as the silo's reminder table.</summary>
public static class SqliteReminderTableSiloBuilderExtensions
{
    /// <summary>
    /// Reminders in a SQLite file (for one silo: SQLite admits one machine). Give it the grain storage's
    /// <see cref="SqliteReminderTableOptions.DatabasePath"/> to keep reminders with the state they act on.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddReminders();
        services.AddOptions<SqliteReminderTableOptions>().Configure(configure);
        services.AddSingleton<IConfigurationValidator>(sp => new SqliteReminderTableOptionsValidator(
            sp.GetRequiredService<IOptions<SqliteReminderTableOptions>>().Value));
        services.AddSingleton<SqliteReminderTable>();
        services.AddFromExisting<IReminderTable, SqliteReminderTable>();
        return builder;
    }
}
