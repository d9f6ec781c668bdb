namespace LiveChat.LoadTest.Soak;

using System.Net.Http.Headers;
using System.Text;

/// <summary>
/// Steady, paced traffic through the gateway's HTTP API: message n goes to chat (n / 2) mod chats,
/// the end user's (even n) then its agent's reply (odd n), at a fixed rate whatever the answers take
/// (open loop: a slow answer does not slow the senders, as with real users). Latency counts from
/// when the message was due, so time spent waiting for a free connection is in it too.
/// </summary>
public sealed class SoakTraffic
{
    /// <summary>Chats an agent owns: a busy agent's load, not one agent holding every chat.</summary>
    private const int ChatsPerAgent = 100;
    private const int AgentsPerQueue = 5;
    /// <summary>Requests in flight at most; beyond it senders wait and the wait shows as latency.</summary>
    private const int MaxInFlight = 256;

    private readonly string[] _chats;
    private readonly string[] _endUserTokens;
    private readonly string[] _ownerTokens;
    private readonly HttpClient _http;
    private readonly SoakWindow _window;

    private SoakTraffic(string[] chats, string[] endUserTokens, string[] ownerTokens, HttpClient http, SoakWindow window)
    {
        _chats = chats;
        _endUserTokens = endUserTokens;
        _ownerTokens = ownerTokens;
        _http = http;
        _window = window;
    }

    /// <summary>Queues, agents and <paramref name="chats"/> active chats, each accepted by its agent, laid out through the grains.</summary>
    public static async Task<SoakTraffic> Prepare(ISoakTarget target, int chats, SoakWindow window)
    {
        var directory = new BenchDirectory(target.Client);
        var agents = Math.Max(1, (chats + ChatsPerAgent - 1) / ChatsPerAgent);
        var queues = await BenchDirectory.Many((agents + AgentsPerQueue - 1) / AgentsPerQueue, q => directory.Queue($"soak-queue-{q}"));
        var agentIds = await BenchDirectory.Many(agents, a => directory.Agent($"soak-agent-{a}", queues[a / AgentsPerQueue]));
        var agentTokens = await BenchDirectory.Many(agents, async a => target.Tokens.ForAgent(await target.Client.GetGrain<IAgentGrain>(agentIds[a]).GetSnapshot()));
        var chatIds = await BenchDirectory.Many(chats, i => directory.ActiveChat($"soak-{i}", queues[i % agents / AgentsPerQueue], agentIds[i % agents]), parallelism: 16);
        var endUserTokens = chatIds.Select(c => target.Tokens.ForEndUser(BenchDirectory.EndUserOf(c), c)).ToArray();
        var ownerTokens = Enumerable.Range(0, chats).Select(i => agentTokens[i % agents]).ToArray();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight }) { BaseAddress = target.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        return new SoakTraffic([.. chatIds], endUserTokens, ownerTokens, http, window);
    }

    /// <summary>Sends <paramref name="rate"/> messages a second for <paramref name="duration"/>, then waits for the last answers.</summary>
    public async Task Run(double rate, TimeSpan duration, Stopwatch clock)
    {
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        long sent = 0;
        var start = clock.Elapsed;
        while (clock.Elapsed - start < duration)
        {
            var due = (long)((clock.Elapsed - start).TotalSeconds * rate);
            while (sent < due)
            {
                var dueAt = start + TimeSpan.FromSeconds(sent / rate);
                await inFlight.WaitAsync();
                _ = Send(sent++, dueAt, clock, inFlight);
            }
            await Task.Delay(5);
        }
        // Every permit back: every message sent has been answered (or timed out).
        for (var i = 0; i < MaxInFlight; i++) await inFlight.WaitAsync();
        _http.Dispose();
    }

    private async Task Send(long n, TimeSpan dueAt, Stopwatch clock, SemaphoreSlim inFlight)
    {
        string? error = null;
        try
        {
            var chat = (int)(n / 2 % _chats.Length);
            var fromEndUser = n % 2 == 0;
            using var request = new HttpRequestMessage(HttpMethod.Post, fromEndUser ? "/api/enduser/chat/messages" : $"/api/chats/{_chats[chat]}/messages")
            {
                Content = new StringContent(fromEndUser ? "{\"text\":\"soak question\"}" : "{\"text\":\"soak answer\"}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fromEndUser ? _endUserTokens[chat] : _ownerTokens[chat]);
            using var response = await _http.SendAsync(request);
            if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e)
        {
            error = e.GetType().Name;
        }
        finally
        {
            _window.Record((clock.Elapsed - dueAt).TotalMilliseconds, error);
            inFlight.Release();
        }
    }
}

/// <summary>The answers of the current 10-second window; the sampler swaps it out.</summary>
public sealed class SoakWindow
{
    private readonly Lock _lock = new();
    private List<double> _latencies = new(8192);
    private Dictionary<string, int> _errors = [];

    public void Record(double millis, string? error)
    {
        lock (_lock)
        {
            _latencies.Add(millis);
            if (error is not null) _errors[error] = _errors.GetValueOrDefault(error) + 1;
        }
    }

    /// <summary>The window's latencies (every answer, failed ones too) and errors by kind; a fresh window starts.</summary>
    public (List<double> Latencies, Dictionary<string, int> Errors) Swap()
    {
        lock (_lock)
        {
            var taken = (_latencies, _errors);
            _latencies = new List<double>(Math.Max(1024, taken._latencies.Count));
            _errors = [];
            return taken;
        }
    }
}
