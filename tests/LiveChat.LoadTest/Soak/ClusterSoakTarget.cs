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
/// Redis, as deploy/ runs it. Memory is the silos' resident sets, summed; each silo serves /metrics
/// on a port of its own, from which every sample also reads its managed heap, GC commitment and
/// activations by grain type.
/// </summary>
public sealed class ClusterSoakTarget : ISoakTarget
{
    public const int SiloCount = 3;

    private readonly ProcessCluster _cluster;
    private readonly WebApplication _gateway;
    private readonly HttpClient _scrapes = new();

    private ClusterSoakTarget(ProcessCluster cluster, WebApplication gateway, Uri url)
    {
        _cluster = cluster;
        _gateway = gateway;
        GatewayUrl = url;
    }

    public static async Task<ClusterSoakTarget> Start()
    {
        var cluster = await ProcessCluster.Start(SiloCount, http: true);
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

    public async Task<MemorySample> SampleMemoryAsync()
    {
        var silos = _cluster.Silos;
        var scrapes = await Task.WhenAll(silos.Select(s => s.HttpPort is { } port ? SiloMetricsScrape.Read(_scrapes, port) : Task.FromResult(SiloMetricsScrape.None)));
        var perSilo = silos.ToDictionary(s => s.Name, s => Math.Round(ResidentMemory.MegabytesOf(s.Pid), 1));
        var heaps = new Dictionary<string, double>();
        var committed = new Dictionary<string, double>();
        var activations = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < silos.Count; i++)
        {
            if (scrapes[i].HeapMb is { } heap) heaps[silos[i].Name] = Math.Round(heap, 1);
            if (scrapes[i].CommittedMb is { } commit) committed[silos[i].Name] = Math.Round(commit, 1);
            foreach (var (type, count) in scrapes[i].Activations) activations[type] = activations.GetValueOrDefault(type) + count;
        }
        // The summed heap only when every silo answered, so a missed scrape does not read as a drop.
        double? managed = heaps.Count == silos.Count ? heaps.Values.Sum() : null;
        return new MemorySample(perSilo.Values.Sum(), managed, perSilo, heaps, committed, activations);
    }

    /// <summary>The silos' output, for when the soak failed.</summary>
    public string Describe() => _cluster.Describe();

    public async ValueTask DisposeAsync()
    {
        _scrapes.Dispose();
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
