namespace LiveChat.LoadTest.Soak;

using LiveChat.Gateway;
using LiveChat.Gateway.Auth;
using LiveChat.Hosting;
using LiveChat.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Three LiveChat.Silo processes on one redis-server (<see cref="ProcessCluster"/>: Redis clustering,
/// grain state and reminders), and a gateway in client mode in this process that finds them in
/// Redis, as deploy/ runs it. Memory is the silos' resident sets, summed.
/// </summary>
public sealed class ClusterSoakTarget : ISoakTarget
{
    public const int SiloCount = 3;

    private readonly ProcessCluster _cluster;
    private readonly WebApplication _gateway;

    private ClusterSoakTarget(ProcessCluster cluster, WebApplication gateway, Uri url)
    {
        _cluster = cluster;
        _gateway = gateway;
        GatewayUrl = url;
    }

    public static async Task<ClusterSoakTarget> Start()
    {
        var cluster = await ProcessCluster.Start(SiloCount);
        try
        {
            var url = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}");
            var builder = WebApplication.CreateBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Error);
            builder.Configuration.AddInMemoryCollection(cluster.GatewayClusterSettings);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Auth:SigningKey"] = BenchCluster.SigningKey,
                ["Gateway:RateLimits:Enabled"] = BenchCluster.RateLimitsEnabled.ToString(),
            });
            builder.UseOrleansClient(client => client.UseLiveChatCluster(builder.Configuration));
            builder.Services.AddLiveChatGateway(builder.Configuration);
            builder.WebHost.UseUrls(url.ToString());
            var gateway = builder.Build();
            gateway.MapLiveChatGateway();
            await gateway.StartAsync();
            return new ClusterSoakTarget(cluster, gateway, url);
        }
        catch
        {
            Console.Error.WriteLine(cluster.Describe());
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string Name => "cluster";
    public string Description => $"{SiloCount} LiveChat.Silo processes on Redis (clustering, state, reminders), gateway in client mode in the load process (memory: the silos' VmRSS, summed)";
    public IClusterClient Client => _gateway.Services.GetRequiredService<IClusterClient>();
    public Uri GatewayUrl { get; }
    public TokenIssuer Tokens => _gateway.Services.GetRequiredService<TokenIssuer>();

    public MemorySample SampleMemory()
    {
        var perSilo = _cluster.Silos.ToDictionary(s => s.Name, s => Math.Round(ResidentMemory.MegabytesOf(s.Pid), 1));
        return new MemorySample(perSilo.Values.Sum(), null, perSilo);
    }

    /// <summary>The silos' output, for when the soak failed.</summary>
    public string Describe() => _cluster.Describe();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }
        finally
        {
            await _cluster.DisposeAsync();
        }
    }
}
