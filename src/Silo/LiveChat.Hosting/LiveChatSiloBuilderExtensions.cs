namespace LiveChat.Hosting;

using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
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
        var webhooks = silo.Services.AddOptions<LiveChat.Grains.Webhooks.WebhookOptions>();
        if (configuration is not null) webhooks.Bind(configuration.GetSection(LiveChat.Grains.Webhooks.WebhookOptions.Section));
        HttpWebhookSender.Register(silo.Services);
        silo.Services.AddSingleton<LiveChat.Grains.Webhooks.WebhookRouteCache>();
        // Orleans refuses reminder periods below its minimum (1 minute by default); a shorter
        // LiveChat:ReminderPeriod lowers the minimum with it, so a deployment (or a test) that asks for
        // quicker catch-up after a restart gets it.
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<LiveChatOptions>>((reminders, liveChat) =>
        {
            if (liveChat.Value.ReminderPeriod < reminders.MinimumReminderPeriod)
                reminders.MinimumReminderPeriod = liveChat.Value.ReminderPeriod;
            // The retention sweep's reminder (E1) ticks on its own period.
            if (liveChat.Value.Retention.SweepPeriod < reminders.MinimumReminderPeriod)
                reminders.MinimumReminderPeriod = liveChat.Value.Retention.SweepPeriod;
        });
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
    /// make it one of many silos of a cluster, with its reminders in Redis too (see ConfigureReminders). <c>Silo:Storage=AzureTables</c>
    /// (with <c>Silo:AzureTables:ConnectionString</c>) keeps grain state in Azure Table Storage, with any clustering;
    /// <c>Silo:Storage=AzureBlobs</c> in Azure Blob Storage; <c>Silo:Clustering=AzureTables</c> keeps membership in
    /// the Silo:AzureTables account, so an all-Azure cluster needs no Redis. In a pod (POD_NAMESPACE, POD_NAME, POD_IP
    /// set) a clustered silo also turns on Orleans' Kubernetes hosting (<see cref="KubernetesHostingSwitch"/>).
    /// </summary>
    public static ISiloBuilder UseLiveChatEmbedded(this ISiloBuilder silo, IConfiguration configuration) =>
        silo.UseLiveChatSilo(configuration);

    /// <inheritdoc cref="UseLiveChatEmbedded"/>
    public static ISiloBuilder UseLiveChatSilo(this ISiloBuilder silo, IConfiguration configuration, bool addDashboard = false)
    {
        var options = configuration.ReadSiloOptions();
        ConfigureClustering(silo, options, configuration);
        ConfigureStorage(silo, options);
        ConfigureReminders(silo, options);
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
                ConfigureSharedClusterEndpoints(silo, options);
                silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
                break;
            case SiloClustering.AzureTables:
                // Orleans' own membership table in the storage account of Silo:AzureTables: with Storage=AzureTables
                // or AzureBlobs a cluster runs on one storage account and nothing else.
                var connectionString = RequireAzureConnectionString(options.AzureTables.ConnectionString, AzureTablesConnectionStringKey, "Silo:Clustering=AzureTables");
                RequireAzureTableName(options.AzureTables.ClusteringTableName, AzureTablesSection + ":" + nameof(AzureTablesSettings.ClusteringTableName));
                ConfigureSharedClusterEndpoints(silo, options);
                silo.UseAzureStorageClustering(o =>
                {
                    o.TableServiceClient = new TableServiceClient(connectionString);
                    o.TableName = options.AzureTables.ClusteringTableName;
                });
                break;
            default:
                throw new OrleansConfigurationException($"Silo:Clustering must be Localhost, Redis or AzureTables, not '{options.Clustering}'.");
        }
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(LiveChatSiloOptions.MembershipSection));

        // The pod variables are read from configuration, which in the silo programs holds every environment
        // variable (so a test can also say what a pod would), as Orleans' package reads them from the environment.
        if (KubernetesHostingSwitch.IsOn(options.Kubernetes, key => configuration[key]))
        {
            // Only a cluster of many silos has pods to watch; the embedded silo listens on loopback alone.
            if (options.Clustering == SiloClustering.Localhost)
            {
                if (options.Kubernetes == true)
                    throw new OrleansConfigurationException("Silo:Kubernetes=true needs Silo:Clustering=Redis or AzureTables: a Localhost silo forms no cluster of pods.");
                return;
            }
            // Silo name from the pod; silos whose pod is gone are declared dead without waiting for missed probes.
            // Our AdvertisedIP and ports stay (the package fills in only what is unset).
            silo.UseKubernetesHosting();
        }
    }

    /// <summary>Where a silo of a many-silo cluster listens and what it advertises, and the cluster it joins.</summary>
    private static void ConfigureSharedClusterEndpoints(ISiloBuilder silo, LiveChatSiloOptions options)
    {
        var address = string.IsNullOrWhiteSpace(options.AdvertisedIP) ? IPAddress.Loopback : ParseAddress(options.AdvertisedIP);
        silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, options.ListenOnAnyHostAddress);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
    }

    private static void ConfigureStorage(ISiloBuilder silo, LiveChatSiloOptions options)
    {
        switch (options.Storage)
        {
            case SiloStorage.Sqlite:
                if (options.Clustering != SiloClustering.Localhost)
                    throw new OrleansConfigurationException(
                        "Silo:Storage=Sqlite keeps grain state in one local file and works for one silo only: use Silo:Storage=Redis, AzureTables or AzureBlobs with Silo:Clustering=Redis or AzureTables.");
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
                // Shared storage: valid with Localhost (one silo), Redis and AzureTables clustering alike.
                var tables = RequireAzureTables(options.AzureTables);
                // Ours, named in full: Orleans' Azure package has an AddAzureTableGrainStorage of its own, which maps
                // '/', '\', '#' and '?' in keys to '_' (so room/x and room_x share a row) and whose size limit
                // Azurite checks on updates only (a state near 1 MiB is written once, then fails).
                AzureTableGrainStorageSiloBuilderExtensions.AddAzureTableGrainStorage(silo, StorageNames.LiveChat, o =>
                {
                    o.ConnectionString = tables.ConnectionString;
                    o.TableName = tables.TableName;
                });
                break;
            case SiloStorage.AzureBlobs:
                // Orleans' own Blob provider: one blob per grain state, valid with any shared clustering.
                var blobs = RequireAzureBlobs(options);
                silo.AddAzureBlobGrainStorage(StorageNames.LiveChat, (OptionsBuilder<AzureBlobStorageOptions> builder) => builder.Configure<Serializer>((o, serializer) =>
                {
                    o.BlobServiceClient = new BlobServiceClient(blobs.ConnectionString);
                    o.ContainerName = blobs.ContainerName;
                    o.DeleteStateOnClear = true;
                    // Orleans' binary format, as the Redis and SQLite stores: it follows [Id]/[Alias] (the
                    // provider's default, JSON with type names, would not).
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
                break;
            default:
                throw new OrleansConfigurationException($"Silo:Storage must be Sqlite, Redis, AzureTables or AzureBlobs, not '{options.Storage}'.");
        }
    }

    /// <summary>
    /// Where reminders (the timed work that must survive a restart: invite expiry, abandoned waiting
    /// chats) are kept. The rule: where the cluster shares its state. Redis clustering: Redis, which
    /// every silo already reaches; Azure Table clustering: Azure Table Storage in the same account
    /// (table OrleansReminders). Localhost clustering: beside the grain state, in the same store
    /// (Sqlite: the same SQLite file; Redis: Redis; AzureTables: Azure Table Storage; AzureBlobs: the
    /// blob account's Table Storage, so one storage account still holds everything).
    /// </summary>
    private static void ConfigureReminders(ISiloBuilder silo, LiveChatSiloOptions options)
    {
        switch (options.Clustering, options.Storage)
        {
            case (SiloClustering.Redis, _):
                silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisConnection.Options(options.Redis, RedisSection, "Silo:Clustering=Redis").Clone());
                break;
            case (SiloClustering.AzureTables, _):
                var clusterAccount = RequireAzureConnectionString(options.AzureTables.ConnectionString, AzureTablesConnectionStringKey, "Silo:Clustering=AzureTables");
                silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(clusterAccount));
                break;
            case (_, SiloStorage.Sqlite):
                silo.UseSqliteReminderService(o => o.DatabasePath = Path.GetFullPath(options.DatabasePath));
                break;
            case (_, SiloStorage.Redis):
                silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisConnection.Options(options.Redis, RedisSection, "Silo:Storage=Redis").Clone());
                break;
            case (_, SiloStorage.AzureTables):
                var tables = RequireAzureTables(options.AzureTables);
                silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(tables.ConnectionString));
                break;
            case (_, SiloStorage.AzureBlobs):
                var blobAccount = string.IsNullOrWhiteSpace(options.AzureBlobs.ConnectionString) ? options.AzureTables.ConnectionString : options.AzureBlobs.ConnectionString;
                silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(blobAccount));
                break;
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

    private const string AzureTablesSection = LiveChatSiloOptions.Section + ":" + nameof(LiveChatSiloOptions.AzureTables);
    private const string AzureTablesConnectionStringKey = AzureTablesSection + ":" + nameof(AzureTablesSettings.ConnectionString);
    private const string AzureBlobsSection = LiveChatSiloOptions.Section + ":" + nameof(LiveChatSiloOptions.AzureBlobs);

    /// <summary>
    /// Silo:AzureBlobs with its connection string resolved (its own, else Silo:AzureTables'), checked now so a
    /// misconfigured silo stops before it starts with the key to fix. Nothing here touches the network.
    /// </summary>
    private static AzureBlobsSettings RequireAzureBlobs(LiveChatSiloOptions options)
    {
        var ownKey = AzureBlobsSection + ":" + nameof(AzureBlobsSettings.ConnectionString);
        var blobs = options.AzureBlobs;
        var (connectionString, key) = string.IsNullOrWhiteSpace(blobs.ConnectionString)
            ? (options.AzureTables.ConnectionString, AzureTablesConnectionStringKey)
            : (blobs.ConnectionString, ownKey);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OrleansConfigurationException(
                $"Silo:Storage=AzureBlobs needs {ownKey} (or {AzureTablesConnectionStringKey}): a storage account connection string " +
                "(DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net) or Azurite's.");
        }
        RequireAzureConnectionString(connectionString, key, "Silo:Storage=AzureBlobs", blob: true);
        var containerKey = AzureBlobsSection + ":" + nameof(AzureBlobsSettings.ContainerName);
        try
        {
            new AzureBlobStorageOptionsValidator(new AzureBlobStorageOptions { ContainerName = blobs.ContainerName, BlobServiceClient = new BlobServiceClient(connectionString) },
                StorageNames.LiveChat).ValidateConfiguration();
        }
        catch (OrleansConfigurationException e)
        {
            throw new OrleansConfigurationException($"Silo:Storage=AzureBlobs: {containerKey} is not valid. {e.Message}", e);
        }
        return new AzureBlobsSettings { ConnectionString = connectionString, ContainerName = blobs.ContainerName };
    }

    /// <summary>
    /// <paramref name="connectionString"/> (the value of <paramref name="key"/>) parsed as the Azure client
    /// parses it, so a bad one fails now naming the key; <paramref name="mode"/> names the setting that needs it.
    /// </summary>
    private static string RequireAzureConnectionString(string? connectionString, string key, string mode, bool blob = false)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OrleansConfigurationException(
                $"{mode} needs {key}: a storage account connection string " +
                "(DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net) or Azurite's.");
        }
        try
        {
            // Parsing only: the clients connect on first use.
            _ = blob ? new BlobServiceClient(connectionString) : (object)new TableServiceClient(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new OrleansConfigurationException($"{mode}: {key} is not a valid storage connection string. {e.Message}", e);
        }
        return connectionString;
    }

    /// <summary>Azure's rule for table names (3-63 letters and digits, a letter first), checked now with the key's name.</summary>
    private static void RequireAzureTableName(string? name, string key)
    {
        if (name is null || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z][A-Za-z0-9]{2,62}$"))
            throw new OrleansConfigurationException($"{key} '{name}' is not a valid Azure table name: 3 to 63 letters and digits, a letter first.");
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
