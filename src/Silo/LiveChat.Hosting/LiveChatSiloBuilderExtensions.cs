namespace LiveChat.Hosting;

using System.Net;
using LiveChat.Grains.Common;
using LiveChat.Hosting.Security;
using LiveChat.Storage.AzureTables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Persistence;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

public static class LiveChatSiloBuilderExtensions
{
    /// <summary>What every LiveChat silo needs whatever its storage: the product clock and options.</summary>
    public static ISiloBuilder AddLiveChatGrains(this ISiloBuilder silo, IConfiguration? configuration = null)
    {
        silo.Services.TryAddSingleton(LiveChatClock.System);
        var options = silo.Services.AddOptions<LiveChatOptions>();
        if (configuration is not null) options.Bind(configuration.GetSection(LiveChatOptions.Section));
        return silo;
    }

    /// <summary>Section "Silo" of <paramref name="configuration"/>, the defaults where it says nothing.</summary>
    public static LiveChatSiloOptions ReadSiloOptions(this IConfiguration configuration) =>
        configuration.GetSection(LiveChatSiloOptions.Section).Get<LiveChatSiloOptions>() ?? new LiveChatSiloOptions();

    /// <summary>
    /// A LiveChat silo as configuration says (section "Silo", see <see cref="LiveChatSiloOptions"/>).
    /// Without configuration it is the embedded default: one silo on localhost clustering, grain state
    /// in one SQLite file under the data folder, the demo directory seeded at first start.
    /// <c>Silo:Clustering=Redis</c> and <c>Silo:Storage=Redis</c> (with <c>Silo:Redis:ConnectionString</c>)
    /// make it one of many silos of a cluster, with its reminders in Redis too. <c>Silo:Storage=AzureTables</c>
    /// (with <c>Silo:AzureTables:ConnectionString</c>) keeps grain state in Azure Table Storage, with either clustering.
    /// </summary>
    public static ISiloBuilder UseLiveChatEmbedded(this ISiloBuilder silo, IConfiguration configuration) =>
        silo.UseLiveChatSilo(configuration);

    /// <inheritdoc cref="UseLiveChatEmbedded"/>
    public static ISiloBuilder UseLiveChatSilo(this ISiloBuilder silo, IConfiguration configuration, bool addDashboard = false)
    {
        var options = configuration.ReadSiloOptions();
        ConfigureClustering(silo, options, configuration);
        ConfigureStorage(silo, options);
        ConfigureTls(silo, options);
        silo.AddLiveChatGrains(configuration);

        if (options.ShutdownTimeout is { } shutdownTimeout)
            silo.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        silo.Services.TryAddSingleton<SiloReadiness>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
        silo.Services.TryAddSingleton<LiveChatMetrics>();
        silo.Services.AddSingleton<IIncomingGrainCallFilter, ChatMetricsCallFilter>();
        if (options.Dashboard || addDashboard) silo.AddDashboard();
        silo.AddLiveChatTracing(configuration);

        if (!string.IsNullOrWhiteSpace(options.DemoDirectoryPath))
        {
            var path = Path.IsPathRooted(options.DemoDirectoryPath)
                ? options.DemoDirectoryPath
                : Path.Combine(AppContext.BaseDirectory, options.DemoDirectoryPath);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new DemoDirectorySeeder(
                sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<ILogger<DemoDirectorySeeder>>(), path));
        }
        return silo;
    }

    private static void ConfigureClustering(ISiloBuilder silo, LiveChatSiloOptions options, IConfiguration configuration)
    {
        switch (options.Clustering)
        {
            case SiloClustering.Localhost:
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                break;
            case SiloClustering.Redis:
                // Built now, so a missing certificate file fails before the silo starts.
                var redis = RedisConnection.Options(options.Redis, RedisSection, "Silo:Clustering=Redis");
                var address = string.IsNullOrWhiteSpace(options.AdvertisedIP) ? IPAddress.Loopback : ParseAddress(options.AdvertisedIP);
                silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, options.ListenOnAnyHostAddress);
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
                silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
                silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
                break;
            default:
                throw new OrleansConfigurationException($"Silo:Clustering must be Localhost or Redis, not '{options.Clustering}'.");
        }
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(LiveChatSiloOptions.MembershipSection));
    }

    private static void ConfigureStorage(ISiloBuilder silo, LiveChatSiloOptions options)
    {
        switch (options.Storage)
        {
            case SiloStorage.Sqlite:
                if (options.Clustering != SiloClustering.Localhost)
                    throw new OrleansConfigurationException(
                        "Silo:Storage=Sqlite keeps grain state in one local file and works for one silo only: use Silo:Storage=Redis or AzureTables with Silo:Clustering=Redis.");
                Directory.CreateDirectory(options.DataFolder);
                silo.AddSqliteGrainStorage(StorageNames.LiveChat, o => o.DatabasePath = Path.GetFullPath(options.DatabasePath));
                break;
            case SiloStorage.Redis:
                var redis = RedisConnection.Options(options.Redis, RedisSection, "Silo:Storage=Redis");
                silo.AddRedisGrainStorage(StorageNames.LiveChat, builder => builder.Configure<Serializer>((o, serializer) =>
                {
                    o.ConfigurationOptions = redis.Clone();
                    o.DeleteStateOnClear = true;
                    // Orleans' binary format, as the SQLite store: it follows [Id]/[Alias], so renaming or
                    // moving a state type keeps stored state readable (the silo-wide default, JSON with
                    // type names, would not).
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
                break;
            case SiloStorage.AzureTables:
                // Shared storage: valid with Localhost (one silo) and Redis clustering alike.
                var tables = RequireAzureTables(options.AzureTables);
                silo.AddAzureTableGrainStorage(StorageNames.LiveChat, o =>
                {
                    o.ConnectionString = tables.ConnectionString;
                    o.TableName = tables.TableName;
                });
                break;
            default:
                throw new OrleansConfigurationException($"Silo:Storage must be Sqlite, Redis or AzureTables, not '{options.Storage}'.");
        }
    }

    /// <summary>
    /// Checks Silo:AzureTables while the host is being configured, so a misconfigured silo fails before it
    /// starts with a message naming the configuration key (the provider's own check, at silo start, names
    /// only its options). Nothing here touches the network.
    /// </summary>
    private static AzureTablesSettings RequireAzureTables(AzureTablesSettings tables)
    {
        const string ConnectionStringKey = "Silo:AzureTables:ConnectionString";
        const string TableNameKey = "Silo:AzureTables:TableName";
        if (string.IsNullOrWhiteSpace(tables.ConnectionString))
        {
            throw new OrleansConfigurationException(
                $"Silo:Storage=AzureTables needs {ConnectionStringKey}: a storage account connection string " +
                "(DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net) or Azurite's.");
        }
        // The provider's own check, first with its default table name (so a failure is the connection
        // string's), then with the configured one.
        Check(ConnectionStringKey, new AzureTableGrainStorageOptions { ConnectionString = tables.ConnectionString });
        Check(TableNameKey, new AzureTableGrainStorageOptions { ConnectionString = tables.ConnectionString, TableName = tables.TableName });
        return tables;

        static void Check(string key, AzureTableGrainStorageOptions candidate)
        {
            try
            {
                candidate.Validate(StorageNames.LiveChat);
            }
            catch (OrleansConfigurationException e)
            {
                throw new OrleansConfigurationException($"Silo:Storage=AzureTables: {key} is not valid. {e.Message}", e);
            }
        }
    }

    private const string RedisSection = LiveChatSiloOptions.Section + ":" + nameof(LiveChatSiloOptions.Redis);
    internal const string TlsSection = LiveChatSiloOptions.Section + ":" + nameof(LiveChatSiloOptions.Tls);

    /// <summary>
    /// Mutual TLS on every Orleans connection of the silo: silo to silo (both ways) and clients
    /// (gateways) to its gateway port. The certificates are read now, so a missing file stops the
    /// silo before it starts.
    /// </summary>
    private static void ConfigureTls(ISiloBuilder silo, LiveChatSiloOptions options)
    {
        if (!options.Tls.Enabled) return;
        var certificates = TransportCertificates.Load(options.Tls, TlsSection);
        silo.UseTls(certificates.Apply);
    }

    private static IPAddress ParseAddress(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : Dns.GetHostAddresses(value).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new OrleansConfigurationException($"Silo:AdvertisedIP '{value}' is neither an IP address nor a resolvable host name.");
}
