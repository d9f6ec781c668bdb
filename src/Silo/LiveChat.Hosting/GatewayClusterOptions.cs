namespace LiveChat.Hosting;

using System.Net;
using Azure.Data.Tables;
using LiveChat.Hosting.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

/// <summary>How a gateway finds silos (Static list, Redis or Azure Table membership).</summary>
public enum GatewayClustering
{
    /// <summary>A fixed list of silo gateway endpoints (Gateways).</summary>
    Static,
    /// <summary>The silos' Redis membership table: every live silo's gateway, as silos come and go.</summary>
    Redis,
    /// <summary>The silos' Azure Table membership table (Silo:Clustering=AzureTables): no Redis anywhere.</summary>
    AzureTables,
}

/// <summary>
/// How a gateway in client mode joins the cluster: section "Gateway:Cluster", e.g.
/// <c>Gateway__Cluster__Clustering=Redis</c>, <c>Gateway__Cluster__Redis__ConnectionString=redis:6379</c>,
/// or <c>Gateway__Cluster__Gateways__0=10.0.0.5:31000</c>; ClusterId and ServiceId as the silos'.
/// </summary>
public sealed class GatewayClusterOptions
{
    public const string Section = "Gateway:Cluster";

    public string ClusterId { get; set; } = "livechat-dev";
    public string ServiceId { get; set; } = "livechat";
    /// <summary>Static (default), Redis or AzureTables.</summary>
    public GatewayClustering Clustering { get; set; } = GatewayClustering.Static;
    /// <summary>With Static clustering: the silos' gateway endpoints (ip:port); 127.0.0.1:31000 when empty.</summary>
    public string[]? Gateways { get; set; }
    /// <summary>With Redis clustering: the silos' Redis.</summary>
    public RedisSettings Redis { get; set; } = new();
    /// <summary>With AzureTables clustering: the silos' storage account and membership table (section "Gateway:Cluster:AzureTables").</summary>
    public GatewayAzureTablesSettings AzureTables { get; set; } = new();
    /// <summary>Mutual TLS to the silos (section "Gateway:Cluster:Tls"): needed when the silos run with Silo:Tls.</summary>
    public TransportTlsSettings Tls { get; set; } = new();
    /// <summary>
    /// How often the client re-reads the list of live silo gateways; empty: Orleans' default (1 minute).
    /// Shorter than the time a rolling restart takes, so a gateway knows the new silos before the old ones are gone.
    /// </summary>
    public TimeSpan? GatewayListRefreshPeriod { get; set; }
    /// <summary>
    /// How long a gateway waits for a grain call before answering 503 (Orleans' own default is 30 s,
    /// what a console would wait for a call in flight to a silo that died). Methods that legitimately
    /// take longer say so with <c>[ResponseTimeout]</c> on the grain interface (directory import/export).
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(5);

    public static GatewayClusterOptions Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<GatewayClusterOptions>() ?? new GatewayClusterOptions();
}

/// <summary>The silos' Azure Table membership, as the silos have it in "Silo:AzureTables".</summary>
public sealed class GatewayAzureTablesSettings
{
    /// <summary>The storage account (or Azurite) connection string the silos use.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The silos' Silo:AzureTables:ClusteringTableName.</summary>
    public string ClusteringTableName { get; set; } = AzureTablesSettings.DefaultClusteringTableName;
}

public static class LiveChatClientBuilderExtensions
{
    /// <summary>Joins the cluster <see cref="GatewayClusterOptions"/> (section "Gateway:Cluster") describes.</summary>
    public static IClientBuilder UseLiveChatCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var options = GatewayClusterOptions.Read(configuration);
        switch (options.Clustering)
        {
            case GatewayClustering.Static:
                var gateways = (options.Gateways is { Length: > 0 } list ? list : ["127.0.0.1:31000"]).Select(IPEndPoint.Parse).ToArray();
                client.UseStaticClustering(gateways);
                break;
            case GatewayClustering.Redis:
                var redis = RedisConnection.Options(options.Redis, GatewayClusterOptions.Section + ":Redis", "Gateway:Cluster:Clustering=Redis");
                client.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
                break;
            case GatewayClustering.AzureTables:
                var tables = options.AzureTables;
                if (string.IsNullOrWhiteSpace(tables.ConnectionString))
                    throw new OrleansConfigurationException("Gateway:Cluster:Clustering=AzureTables needs Gateway:Cluster:AzureTables:ConnectionString: the silos' storage account.");
                TableServiceClient account;
                try
                {
                    account = new TableServiceClient(tables.ConnectionString);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
                {
                    throw new OrleansConfigurationException($"Gateway:Cluster:AzureTables:ConnectionString is not a valid storage connection string. {e.Message}", e);
                }
                client.UseAzureStorageClustering(o =>
                {
                    o.TableServiceClient = account;
                    o.TableName = tables.ClusteringTableName;
                });
                break;
            default:
                throw new OrleansConfigurationException($"Gateway:Cluster:Clustering must be Static, Redis or AzureTables, not '{options.Clustering}'.");
        }
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        // The silos' gateway port requires a client certificate when they run with Silo:Tls.
        if (options.Tls.Enabled) client.UseTls(TransportCertificates.Load(options.Tls, GatewayClusterOptions.Section + ":Tls").Apply);
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
        if (options.GatewayListRefreshPeriod is { } refresh)
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = refresh);
        client.AddLiveChatTracing(configuration);
        return client;
    }
}
