// In Orleans.Hosting, next to the built-in Add*GrainStorage methods, so silo code finds it without another using.
namespace Orleans.Hosting;

using LiveChat.Storage.AzureTables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

/// <summary>Registers <see cref="AzureTableGrainStorage"/> as a named (keyed) grain storage provider.</summary>
public static class AzureTableGrainStorageSiloBuilderExtensions
{
    /// <summary>Registers the Azure Table storage as the provider grains get when they name none.</summary>
    public static ISiloBuilder AddAzureTableGrainStorageAsDefault(this ISiloBuilder builder, Action<AzureTableGrainStorageOptions> configure) =>
        builder.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Registers the Azure Table storage under <paramref name="name"/> (the storage name in <c>[PersistentState]</c>).</summary>
    public static ISiloBuilder AddAzureTableGrainStorage(this ISiloBuilder builder, string name, Action<AzureTableGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureTableGrainStorage(name, configure);
        return builder;
    }

    /// <summary>The same registration on a service collection (for hosts that build it themselves).</summary>
    public static IServiceCollection AddAzureTableGrainStorage(this IServiceCollection services, string name, Action<AzureTableGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<AzureTableGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp => new AzureTableGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(name), name));

        // Orleans' own helper: a keyed IGrainStorage singleton under `name`, the unkeyed alias
        // when `name` is the default, and lifecycle participation because the type implements it.
        services.AddGrainStorage(name, static (sp, key) => new AzureTableGrainStorage(
            key,
            sp.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(key),
            DefaultSerializer(sp, key),
            sp.GetService<ILogger<AzureTableGrainStorage>>(),
            sp.GetService<IActivatorProvider>()));
        return services;
    }

    // The same choice as the SQLite provider: keyed by name, else Orleans' binary (version tolerant) serializer,
    // never the silo-wide default (JSON with "Type, Assembly" names).
    private static IGrainStorageSerializer DefaultSerializer(IServiceProvider services, string name) =>
        services.GetKeyedService<IGrainStorageSerializer>(name)
        ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
}
