namespace LiveChat.Hosting;

using LiveChat.Hosting.Security;
using LiveChat.Storage.AzureTables;

/// <summary>Where silos find each other (section "Silo", key Clustering).</summary>
public enum SiloClustering
{
    /// <summary>One silo on loopback, no membership store: the embedded default.</summary>
    Localhost,
    /// <summary>Membership in Redis: any number of silos with the same ClusterId form one cluster.</summary>
    Redis,
    /// <summary>
    /// Membership in Azure Table Storage (Microsoft.Orleans.Clustering.AzureStorage), in the storage account
    /// of "Silo:AzureTables" (table <see cref="AzureTablesSettings.ClusteringTableName"/>): no Redis needed.
    /// </summary>
    AzureTables,
}

/// <summary>Where grain state lives (section "Silo", key Storage).</summary>
public enum SiloStorage
{
    /// <summary>One SQLite file under DataFolder: one silo only.</summary>
    Sqlite,
    /// <summary>Redis (Microsoft.Orleans.Persistence.Redis): shared by every silo of the cluster.</summary>
    Redis,
    /// <summary>Azure Table Storage (LiveChat.Storage.AzureTables, section "Silo:AzureTables"): shared by every silo of the cluster.</summary>
    AzureTables,
    /// <summary>
    /// Azure Blob Storage, one blob per grain state (Orleans' own provider, Microsoft.Orleans.Persistence.AzureStorage,
    /// section "Silo:AzureBlobs"): shared by every silo of the cluster, no size limit below the blob's.
    /// </summary>
    AzureBlobs,
}

/// <summary>
/// How a LiveChat silo runs: section "Silo" of appsettings, or environment variables such as
/// <c>Silo__SiloPort=21112</c>, <c>Silo__Clustering=Redis</c>, <c>Silo__Redis__ConnectionString=redis:6379</c>.
/// Every default is the embedded one: localhost clustering, SQLite under ./data, no HTTP port.
/// </summary>
public sealed class LiveChatSiloOptions
{
    public const string Section = "Silo";

    public string ClusterId { get; set; } = "livechat-dev";
    public string ServiceId { get; set; } = "livechat";
    /// <summary>Silo-to-silo port. Not Orleans' 11111 by default: other processes here may hold it.</summary>
    public int SiloPort { get; set; } = 21111;
    /// <summary>Port Orleans clients (gateways) connect to.</summary>
    public int GatewayPort { get; set; } = 31000;
    /// <summary>Folder holding the SQLite database of grain state.</summary>
    public string DataFolder { get; set; } = "data";
    /// <summary>JSON file with the demo directory; empty to seed nothing.</summary>
    public string? DemoDirectoryPath { get; set; } = DemoDirectory.DefaultFileName;

    /// <summary>Localhost (default), Redis or AzureTables.</summary>
    public SiloClustering Clustering { get; set; } = SiloClustering.Localhost;
    /// <summary>Sqlite (default), Redis, AzureTables or AzureBlobs.</summary>
    public SiloStorage Storage { get; set; } = SiloStorage.Sqlite;
    /// <summary>The Redis server for Redis clustering, storage and reminders.</summary>
    public RedisSettings Redis { get; set; } = new();
    /// <summary>TLS on silo-to-silo and client-to-silo connections (section "Silo:Tls"); off by default.</summary>
    public TransportTlsSettings Tls { get; set; } = new();
    /// <summary>The storage account (or Azurite) for <c>Storage=AzureTables</c> and <c>Clustering=AzureTables</c>.</summary>
    public AzureTablesSettings AzureTables { get; set; } = new();
    /// <summary>The storage account (or Azurite) for <c>Storage=AzureBlobs</c>.</summary>
    public AzureBlobsSettings AzureBlobs { get; set; } = new();

    /// <summary>
    /// Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes): silo name from the pod, silos whose
    /// pod is gone declared dead at once. Empty (the default): on only when POD_NAMESPACE, POD_NAME and POD_IP are
    /// all set, as the Deployment in deploy/k8s sets them; false: never; true: required (a silo without them
    /// stops before it starts). See <see cref="KubernetesHostingSwitch"/>.
    /// </summary>
    public bool? Kubernetes { get; set; }

    /// <summary>
    /// With Redis or AzureTables clustering: the address other silos and clients reach this silo at (a pod IP, a
    /// host IP; 127.0.0.1 when empty). Localhost clustering always uses loopback.
    /// </summary>
    public string? AdvertisedIP { get; set; }
    /// <summary>With Redis or AzureTables clustering: listen on every interface (0.0.0.0) rather than on AdvertisedIP only.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>
    /// Port of the silo program's HTTP endpoint: /health/live, /health/ready and /metrics.
    /// Empty (the default): the silo program serves no HTTP.
    /// </summary>
    public int? HttpPort { get; set; }
    /// <summary>How long a graceful stop (SIGTERM) may take before the host gives up; empty: the host's default (30 s).</summary>
    public TimeSpan? ShutdownTimeout { get; set; }
    /// <summary>Adds the Orleans Dashboard's silo services (every silo needs them for a dashboard to show the cluster).</summary>
    public bool Dashboard { get; set; }

    public string DatabasePath => Path.Combine(DataFolder, "livechat.db");

    /// <summary>Subsection "Silo:Membership" binds Orleans' <c>ClusterMembershipOptions</c> (ProbeTimeout, NumMissedProbesLimit, ...).</summary>
    public const string MembershipSection = "Silo:Membership";
}

/// <summary>
/// A Redis server (section "Silo:Redis" or "Gateway:Cluster:Redis"). The password and TLS have keys
/// of their own, so the connection string holds no secret and the password can come from a secret;
/// see <see cref="RedisConnection"/>.
/// </summary>
public sealed class RedisSettings
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> (a <c>password=…</c> in it still works, Password wins).</summary>
    public string? ConnectionString { get; set; }
    /// <summary>The Redis password (<c>requirepass</c>, or the ACL user's with <see cref="User"/>); never logged.</summary>
    public string? Password { get; set; }
    /// <summary>The Redis ACL user; empty: the default user.</summary>
    public string? User { get; set; }
    /// <summary>Connect over TLS (Redis' <c>tls-port</c>).</summary>
    public bool UseTls { get; set; }
    /// <summary>With TLS: the host name the server's certificate must carry; empty: the host of the connection string.</summary>
    public string? TlsHost { get; set; }
    /// <summary>With TLS: a PEM file of the authority that issued the server's certificate; empty: the system's trusted roots.</summary>
    public string? CaCertificatePath { get; set; }
    /// <summary>With TLS, when the server requires client certificates (<c>tls-auth-clients yes</c>): this client's PEM certificate.</summary>
    public string? ClientCertificatePath { get; set; }
    /// <summary>The PEM private key of <see cref="ClientCertificatePath"/>.</summary>
    public string? ClientKeyPath { get; set; }
}

/// <summary>
/// Grain state on Azure Table Storage (section "Silo:AzureTables"), e.g.
/// <c>Silo__AzureTables__ConnectionString=DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net</c>.
/// </summary>
public sealed class AzureTablesSettings
{
    /// <summary>A storage account or Azurite connection string. Required with <c>Silo:Storage=AzureTables</c> or <c>Silo:Clustering=AzureTables</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The one table holding every grain state; created at silo start when missing.</summary>
    public string TableName { get; set; } = AzureTableGrainStorageOptions.DefaultTableName;

    /// <summary>With <c>Silo:Clustering=AzureTables</c>: the membership table (Orleans' default name); created at silo start when missing.</summary>
    public string ClusteringTableName { get; set; } = DefaultClusteringTableName;

    /// <summary>Orleans' own default membership table name.</summary>
    public const string DefaultClusteringTableName = "OrleansSiloInstances";
}

/// <summary>
/// Grain state in Azure Blob Storage (section "Silo:AzureBlobs"), e.g.
/// <c>Silo__AzureBlobs__ConnectionString=DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net</c>.
/// </summary>
public sealed class AzureBlobsSettings
{
    /// <summary>
    /// A storage account or Azurite connection string for <c>Silo:Storage=AzureBlobs</c>; empty: the one of
    /// "Silo:AzureTables" (one account usually serves both).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob container holding every grain state; created at silo start when missing.</summary>
    public string ContainerName { get; set; } = DefaultContainerName;

    public const string DefaultContainerName = "livechat-grainstate";
}
