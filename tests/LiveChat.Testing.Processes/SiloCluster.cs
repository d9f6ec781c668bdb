namespace LiveChat.Testing.Processes;

using System.Diagnostics;
using LiveChat.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

/// <summary>
/// Real LiveChat.Silo processes forming one cluster through Redis (clustering, grain state and
/// reminders in one redis-server) or another <see cref="ClusterBackend"/> (Azure Table clustering and
/// storage), each on fresh loopback ports, all with a ClusterId and ServiceId of this cluster's own.
/// Only configuration makes them a cluster: the same exe as the embedded default.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ClusterBackend _backend;
    private readonly Action<string> _log;
    private readonly TempDataFolder _data = new();
    private readonly List<SiloProcess> _started = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IReadOnlyDictionary<string, string> _extraEnvironment;
    private readonly bool _http;
    private readonly Dictionary<SiloProcess, int> _httpPorts = [];
    private int _nextSilo = 1;

    private readonly ClientSecurity _client;

    private SiloCluster(ClusterBackend backend, Action<string> log, IReadOnlyDictionary<string, string>? extraEnvironment, bool http, ClientSecurity? client)
    {
        _client = client ?? new ClientSecurity();
        _backend = backend;
        _log = log;
        _extraEnvironment = extraEnvironment ?? new Dictionary<string, string>();
        _http = http;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        ClusterId = "cluster-" + suffix;
        ServiceId = "livechat-" + suffix;
    }

    public string ClusterId { get; }
    public string ServiceId { get; }
    /// <summary>The silos started and not stopped or killed, in start order.</summary>
    public List<SiloProcess> Running { get; } = [];

    /// <summary>
    /// Starts <paramref name="silos"/> silos at once against the redis-server at <paramref name="redisConnectionString"/>,
    /// telling <paramref name="log"/> how it goes. <paramref name="extraEnvironment"/> goes to every silo;
    /// with <paramref name="http"/> each also serves health and /metrics on a free port (<see cref="HttpPort"/>).
    /// </summary>
    /// <paramref name="client"/>: what the test's clients need when the silos are secured (TLS, a Redis password).
    public static Task<SiloCluster> StartAsync(string redisConnectionString, Action<string> log, int silos,
        IReadOnlyDictionary<string, string>? extraEnvironment = null, bool http = false, ClientSecurity? client = null) =>
        StartAsync(ClusterBackend.Redis(redisConnectionString), log, silos, extraEnvironment, http, client);

    /// <summary>As the Redis overload, with the silos' clustering and storage (and the client's clustering) from <paramref name="backend"/>.</summary>
    public static async Task<SiloCluster> StartAsync(ClusterBackend backend, Action<string> log, int silos,
        IReadOnlyDictionary<string, string>? extraEnvironment = null, bool http = false, ClientSecurity? client = null)
    {
        var cluster = new SiloCluster(backend, log, extraEnvironment, http, client);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.StartSiloAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>What makes a silo a member of this cluster: configuration only.</summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment
    {
        get
        {
            var environment = new Dictionary<string, string>(_backend.SiloEnvironment)
            {
                ["Silo__AdvertisedIP"] = "127.0.0.1",
                ["Silo__ShutdownTimeout"] = "00:00:30",
            };
            return environment;
        }
    }

    /// <summary>Starts one more silo and waits until it serves calls (client connects, demo directory present).</summary>
    public async Task<SiloProcess> StartSiloAsync()
    {
        var name = $"silo#{Interlocked.Increment(ref _nextSilo) - 1}";
        var settings = SiloSettings.Create(_data.Path) with { ClusterId = ClusterId, ServiceId = ServiceId, ClientTls = _client.Tls };
        var environment = new Dictionary<string, string>(SiloEnvironment);
        foreach (var (key, value) in _extraEnvironment) environment[key] = value;
        int? httpPort = null;
        if (_http)
        {
            httpPort = SiloSettings.Create(_data.Path).SiloPort; // a free loopback port
            environment["Silo__HttpPort"] = httpPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var silo = SiloProcess.Start(settings, name, environment);
        lock (_started)
        {
            _started.Add(silo);
            if (httpPort is { } port) _httpPorts[silo] = port;
        }
        await using (await silo.WaitReadyAsync(StartTimeout))
        {
        }
        lock (Running) Running.Add(silo);
        Log($"{name} ready (silo port {settings.SiloPort}, gateway port {settings.GatewayPort})");
        return silo;
    }

    /// <summary>The silo's HTTP port (health, /metrics) when the cluster was started with http.</summary>
    public int HttpPort(SiloProcess silo)
    {
        lock (_started) return _httpPorts[silo];
    }

    public async Task KillAsync(SiloProcess silo)
    {
        lock (Running) Running.Remove(silo);
        await silo.KillAsync();
        Log($"{silo.Name} killed (SIGKILL), exit code {silo.ExitCode}");
    }

    /// <summary>SIGTERM, then waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(SiloProcess silo, TimeSpan timeout)
    {
        lock (Running) Running.Remove(silo);
        var watch = Stopwatch.StartNew();
        var code = await silo.StopAsync(timeout);
        Log($"{silo.Name} stopped (SIGTERM) in {watch.Elapsed.TotalSeconds:F1} s, exit code {code}");
        return code;
    }

    /// <summary>
    /// An Orleans client joined the way a gateway in client mode joins (<see cref="LiveChatClientBuilderExtensions.UseLiveChatCluster"/>,
    /// Gateway:Cluster:Clustering=Redis or AzureTables): it finds the silos' gateways in the membership table, no static list.
    /// </summary>
    /// <paramref name="responseTimeout"/>: the client's grain-call timeout (default <see cref="SiloClient.DefaultResponseTimeout"/>).
    public async Task<ClusterClient> ConnectClientAsync(TimeSpan? responseTimeout = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(_backend.ClientConfiguration);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Cluster:ClusterId"] = ClusterId,
            ["Gateway:Cluster:ServiceId"] = ServiceId,
            ["Gateway:Cluster:GatewayListRefreshPeriod"] = "00:00:02",
        });
        builder.Configuration.AddInMemoryCollection(_client.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseLiveChatCluster(builder.Configuration);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? SiloClient.DefaultResponseTimeout);
        });
        var host = builder.Build();
        using var cancel = new CancellationTokenSource(StartTimeout);
        await host.StartAsync(cancel.Token);
        return new ClusterClient(host);
    }

    /// <summary>The membership status of <paramref name="silo"/> as the cluster's membership table has it (null: not in it).</summary>
    public static async Task<SiloStatus?> StatusAsync(IClusterClient client, SiloProcess silo)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        var entry = hosts.Where(h => h.Key.Endpoint.Port == silo.Settings.SiloPort).Select(h => (SiloStatus?)h.Value).FirstOrDefault();
        return entry;
    }

    /// <summary>Polls membership until every silo of <see cref="Running"/> is Active.</summary>
    public async Task WaitAllActiveAsync(IClusterClient client, TimeSpan timeout)
    {
        var running = Running.ToList();
        await Wait.UntilAsync(async () =>
        {
            try
            {
                foreach (var silo in running)
                {
                    if (await StatusAsync(client, silo) != SiloStatus.Active) return false;
                }
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }, timeout, () => $"not every silo became Active in membership: {Describe()}");
    }

    /// <summary>The silo hosting the most chat grain activations now (the one whose loss hurts most).</summary>
    public async Task<(SiloProcess Silo, int Chats)> BusiestChatSiloAsync(IClusterClient client)
    {
        var stats = await client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var chatsByPort = stats.Where(s => s.GrainType.Contains("ChatSessionGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress.Endpoint.Port).ToDictionary(g => g.Key, g => g.Count());
        var busiest = Running.OrderByDescending(s => chatsByPort.GetValueOrDefault(s.Settings.SiloPort)).First();
        return (busiest, chatsByPort.GetValueOrDefault(busiest.Settings.SiloPort));
    }

    public string Describe(int linesPerSilo = 60)
    {
        List<SiloProcess> started;
        lock (_started) started = _started.ToList();
        return string.Join("\n", started.Select(s => s.Describe(linesPerSilo)));
    }

    public void Log(string line) => _log($"[{_clock.Elapsed.TotalSeconds,6:F1}s] {line}");

    public async ValueTask DisposeAsync()
    {
        List<SiloProcess> started;
        lock (_started) started = _started.ToList();
        await Task.WhenAll(started.Select(async s => await s.DisposeAsync()));
        _data.Dispose();
    }
}

/// <summary>
/// Where a <see cref="SiloCluster"/> keeps membership and grain state: the silos' Silo__* variables and the
/// matching Gateway:Cluster:* keys of its client.
/// </summary>
public sealed record ClusterBackend(IReadOnlyDictionary<string, string> SiloEnvironment, IReadOnlyDictionary<string, string?> ClientConfiguration)
{
    /// <summary>Clustering, grain state and reminders in one redis-server.</summary>
    public static ClusterBackend Redis(string connectionString) => new(
        new Dictionary<string, string>
        {
            ["Silo__Clustering"] = "Redis",
            ["Silo__Storage"] = "Redis",
            ["Silo__Redis__ConnectionString"] = connectionString,
        },
        new Dictionary<string, string?>
        {
            ["Gateway:Cluster:Clustering"] = "Redis",
            ["Gateway:Cluster:Redis:ConnectionString"] = connectionString,
        });

    /// <summary>
    /// No Redis: Azure Table membership (Orleans' provider) and grain state in our Azure Table provider, both in
    /// the storage account <paramref name="connectionString"/> (Azurite), in tables of the cluster's own.
    /// </summary>
    public static ClusterBackend AzureTables(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var membership = "Members" + suffix;
        return new(
            new Dictionary<string, string>
            {
                ["Silo__Clustering"] = "AzureTables",
                ["Silo__Storage"] = "AzureTables",
                ["Silo__AzureTables__ConnectionString"] = connectionString,
                ["Silo__AzureTables__TableName"] = "Grains" + suffix,
                ["Silo__AzureTables__ClusteringTableName"] = membership,
            },
            new Dictionary<string, string?>
            {
                ["Gateway:Cluster:Clustering"] = "AzureTables",
                ["Gateway:Cluster:AzureTables:ConnectionString"] = connectionString,
                ["Gateway:Cluster:AzureTables:ClusteringTableName"] = membership,
            });
    }
}

/// <summary>
/// What a test's Orleans client needs towards secured silos: <see cref="Tls"/> for the clients that
/// wait for each silo (localhost clustering to its gateway port), and <see cref="Configuration"/>
/// ("Gateway:Cluster:…" keys: TLS, Redis password) for the client joined through Redis.
/// </summary>
public sealed record ClientSecurity(LiveChat.Hosting.Security.TransportTlsSettings? Tls = null, IReadOnlyDictionary<string, string?>? Settings = null)
{
    public IEnumerable<KeyValuePair<string, string?>> Configuration
    {
        get
        {
            var configuration = new Dictionary<string, string?>(Settings ?? new Dictionary<string, string?>());
            if (Tls is { Enabled: true } tls)
            {
                configuration["Gateway:Cluster:Tls:Enabled"] = "true";
                configuration["Gateway:Cluster:Tls:CertificatePath"] = tls.CertificatePath;
                configuration["Gateway:Cluster:Tls:KeyPath"] = tls.KeyPath;
                configuration["Gateway:Cluster:Tls:CaCertificatePath"] = tls.CaCertificatePath;
            }
            return configuration;
        }
    }
}
