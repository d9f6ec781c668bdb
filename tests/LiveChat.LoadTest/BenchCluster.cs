namespace LiveChat.LoadTest;

using System.Net;
using System.Net.Sockets;
using LiveChat.Gateway;
using LiveChat.Gateway.Auth;
using LiveChat.Grains.Common;
using LiveChat.Hosting;
using LiveChat.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;

/// <summary>
/// What the benchmarks run against, all in this process but talking over loopback TCP as in
/// production: a silo on the embedded default (SQLite in a temp folder), an Orleans client, and
/// a gateway in client mode with one extra bare endpoint, /bench/ping, as the HTTP baseline.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    public const string SigningKey = "load-test-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";

    /// <summary>The gateway's rate limits (Gateway:RateLimits:Enabled) during the measurements.</summary>
    public const bool RateLimitsEnabled = false;

    private IHost _silo = null!;
    private IHost _client = null!;

    public IClusterClient Client { get; private set; } = null!;
    /// <summary>The in-process silo's services (its grain storage, for scenarios that lay out stored state directly).</summary>
    public IServiceProvider SiloServices => _silo.Services;
    public WebApplication Gateway { get; private set; } = null!;
    public Uri GatewayUrl { get; private set; } = null!;
    /// <summary>The gateway's own token issuer: the benchmarks sign in end users and agents without a sign-in round trip.</summary>
    public TokenIssuer Tokens => Gateway.Services.GetRequiredService<TokenIssuer>();

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "livechat-load", Guid.NewGuid().ToString("N"));

    /// <param name="storeNothing">
    /// True: the grains' state goes to <see cref="NoCopyMemoryStorage"/> instead of the SQLite file
    /// (reminders stay in SQLite), for the ceiling scenario only.
    /// </param>
    public static async Task<BenchCluster> Start(bool storeNothing = false)
    {
        var cluster = new BenchCluster();
        await cluster.StartAll(storeNothing);
        return cluster;
    }

    private async Task StartAll(bool storeNothing)
    {
        var ports = FreePorts.Take(3);
        var clusterId = "load-" + Guid.NewGuid().ToString("N")[..8];
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:SiloPort"] = ports[0].ToString(),
            ["Silo:GatewayPort"] = ports[1].ToString(),
            ["Silo:ClusterId"] = clusterId,
            ["Silo:DataFolder"] = DataFolder,
            ["Silo:DemoDirectoryPath"] = "",
            // The benchmarks' waiting chats have no end-user connection: by default each would end
            // after 10 minutes (EndUserGone), and a run that starts a million chats takes longer,
            // so the memory scenario would end up measuring ended chats.
            ["LiveChat:EndUserGoneAfter"] = "1.00:00:00",
        });
        Quiet(siloBuilder.Logging);
        siloBuilder.UseOrleans(silo =>
        {
            silo.UseLiveChatEmbedded(siloBuilder.Configuration);
            // Registered last, so it is the provider grains get under the product's storage name.
            if (storeNothing) silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.LiveChat, (_, _) => new NoCopyMemoryStorage());
        });
        _silo = siloBuilder.Build();
        await _silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder();
        Quiet(clientBuilder.Logging);
        clientBuilder.UseOrleansClient(client => client.UseLocalhostClustering(ports[1], "livechat", clusterId));
        _client = clientBuilder.Build();
        await _client.StartAsync();
        Client = _client.Services.GetRequiredService<IClusterClient>();

        var gatewayBuilder = WebApplication.CreateBuilder();
        Quiet(gatewayBuilder.Logging);
        gatewayBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Auth:SigningKey"] = SigningKey,
            // A load generator is exactly the script the rate limits stop: measured with them off
            // (the limiter middleware still runs, with no limit), and the report says so.
            ["Gateway:RateLimits:Enabled"] = RateLimitsEnabled.ToString(),
        });
        gatewayBuilder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, ports[1]));
            client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "livechat"; });
        });
        gatewayBuilder.Services.AddLiveChatGateway(gatewayBuilder.Configuration);
        GatewayUrl = new Uri($"http://127.0.0.1:{ports[2]}");
        gatewayBuilder.WebHost.UseUrls(GatewayUrl.ToString());
        Gateway = gatewayBuilder.Build();
        // The HTTP baseline: the thinnest endpoint that still makes one grain call.
        Gateway.MapGet("/bench/ping", async (IGrainFactory grains) =>
        {
            await grains.GetGrain<IPingGrain>(Random.Shared.Next(1024)).Ping();
            return Results.Ok();
        });
        Gateway.MapLiveChatGateway();
        await Gateway.StartAsync();
    }

    private static void Quiet(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole().SetMinimumLevel(LogLevel.Error);
    }


    public async ValueTask DisposeAsync()
    {
        await Gateway.StopAsync();
        await _client.StopAsync();
        await _silo.StopAsync();
        _client.Dispose();
        _silo.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Temp data left behind is harmless.
        }
    }
}
