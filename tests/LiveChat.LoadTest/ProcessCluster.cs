namespace LiveChat.LoadTest;

using LiveChat.Testing.Processes;

/// <summary>
/// What the scale-out scenario runs against: a redis-server of its own and real LiveChat.Silo
/// processes joined through it (Redis clustering and grain state, as deploy/ runs them), with this
/// process's Orleans client finding them in Redis like a gateway in client mode. Each one is a fresh
/// cluster; disposing kills every process.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    // Warnings and errors only: at Information the silos would spend the shared cores writing logs
    // nobody reads. What they write is captured and shown only when something fails (Describe).
    private static readonly Dictionary<string, string> QuietSilos = new() { ["Logging__LogLevel__Default"] = "Warning" };
    private static readonly TimeSpan MembershipTimeout = TimeSpan.FromSeconds(60);

    private readonly RedisProcess _redis;
    private readonly SiloCluster _silos;
    private readonly ClusterClient _client;

    private readonly bool _http;

    private ProcessCluster(RedisProcess redis, SiloCluster silos, ClusterClient client, bool http)
    {
        _http = http;
        _redis = redis;
        _silos = silos;
        _client = client;
    }

    public IClusterClient Client => _client.Client;

    /// <summary>Starts Redis and <paramref name="silos"/> silos, and returns once every silo is Active in membership.</summary>
    /// <paramref name="responseTimeout"/>: the client's grain-call timeout (default: the test kit's).
    /// <paramref name="http"/>: each silo also serves health and /metrics on a port of its own (<see cref="Silos"/>).
    public static async Task<ProcessCluster> Start(int silos, TimeSpan? responseTimeout = null, bool http = false)
    {
        var redis = await RedisProcess.StartAsync();
        SiloCluster? cluster = null;
        ClusterClient? client = null;
        try
        {
            cluster = await SiloCluster.StartAsync(redis.ConnectionString, line => Console.WriteLine($"  {line}"), silos, QuietSilos, http);
            client = await cluster.ConnectClientAsync(responseTimeout);
            await cluster.WaitAllActiveAsync(client.Client, MembershipTimeout);
            return new ProcessCluster(redis, cluster, client, http);
        }
        catch
        {
            if (client is not null) await client.DisposeAsync();
            if (cluster is not null) await cluster.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILLs the silo hosting the most chat activations (the loss that hurts most); returns its name and chat count.</summary>
    public async Task<(string Silo, int Chats)> KillBusiestChatSiloAsync()
    {
        var (silo, chats) = await _silos.BusiestChatSiloAsync(_client.Client);
        await _silos.KillAsync(silo);
        return (silo.Name, chats);
    }

    /// <summary>
    /// The silos still running: process id (the soak samples their resident memory) and, when started
    /// with http, the port serving their /metrics (else null).
    /// </summary>
    public IReadOnlyList<(string Name, int Pid, int? HttpPort)> Silos =>
        [.. _silos.Running.Where(s => !s.HasExited).Select(s => (s.Name, s.Id, _http ? _silos.HttpPort(s) : (int?)null))];

    /// <summary>The Gateway:Cluster:* settings a gateway in client mode joins this cluster with (Redis membership).</summary>
    public IReadOnlyDictionary<string, string?> GatewayClusterSettings => new Dictionary<string, string?>(ClusterBackend.Redis(_redis.ConnectionString).ClientConfiguration)
    {
        ["Gateway:Cluster:ClusterId"] = _silos.ClusterId,
        ["Gateway:Cluster:ServiceId"] = _silos.ServiceId,
    };

    /// <summary>The silos' captured output, for when a measurement failed.</summary>
    public string Describe() => _silos.Describe();

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _silos.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
