namespace LiveChat.Testing.Processes;

using LiveChat.Hosting.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

/// <summary>An Orleans client connected to one silo process's gateway.</summary>
public sealed class SiloClient : IAsyncDisposable
{
    /// <summary>
    /// How long a call waits for its answer. Shorter than Orleans' 30 s default: a call in flight
    /// when the silo is killed gets no answer and fails only on this timeout.
    /// </summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(10);

    private readonly IHost _host;

    private SiloClient(IHost host)
    {
        _host = host;
        Cluster = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Cluster { get; }

    public IChatSessionGrain Chat(string chatId) => Cluster.Chat(chatId);
    public IAgentGrain Agent(string agentId) => Cluster.Agent(agentId);
    public ISupportQueueGrain Queue(string queueId) => Cluster.Queue(queueId);

    /// <summary>One connection attempt: throws when the gateway does not answer within <paramref name="timeout"/>.</summary>
    public static async Task<SiloClient> ConnectAsync(SiloSettings settings, TimeSpan timeout, TimeSpan? responseTimeout = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            if (settings.ClientTls is { Enabled: true } tls) client.UseTls(TransportCertificates.Load(tls, "client Tls").Apply);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? DefaultResponseTimeout);
        });
        var host = builder.Build();
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await host.StartAsync(cancel.Token);
            return new SiloClient(host);
        }
        catch
        {
            await ClientHosts.StopAndDisposeAsync(host);
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await ClientHosts.StopAndDisposeAsync(_host);
}
