// In Orleans.Hosting, next to the built-in Add*GrainStorage methods, so silo code finds it without another using.
namespace Orleans.Hosting;

using LiveChat.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> as a named (keyed) grain storage provider.</summary>
public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>Registers the SQLite storage as the provider grains get when they name none.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configure) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Registers the SQLite storage under <paramref name="name"/> (the storage name in <c>[PersistentState]</c>).</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp => new SqliteGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), name));

        // Orleans' own helper: a keyed IGrainStorage singleton under `name`, the unkeyed alias
        // when `name` is the default, and lifecycle participation because the type implements it.
        services.AddGrainStorage(name, static (sp, key) => new SqliteGrainStorage(
            key,
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(key),
            DefaultSerializer(sp, key),
            sp.GetService<ILogger<SqliteGrainStorage>>(),
            sp.GetService<IActivatorProvider>()));
        return builder;
    }

    // Used when the options name no serializer; see SqliteGrainStorageOptions.GrainStorageSerializer for why
    // this is not the silo-wide IGrainStorageSerializer.
    private static IGrainStorageSerializer DefaultSerializer(IServiceProvider services, string name) =>
        services.GetKeyedService<IGrainStorageSerializer>(name)
        ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
}
