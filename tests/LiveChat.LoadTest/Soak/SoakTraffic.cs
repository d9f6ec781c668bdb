namespace LiveChat.LoadTest.Soak;

using System.Net.Http.Headers;
using LiveChat.Client;

/// <summary>
/// Steady, paced traffic through the gateway's HTTP API: message n goes to chat (n / 2) mod chats,
/// the end user's (even n) then its agent's reply (odd n), at a fixed rate whatever the answers take
/// (open loop: a slow answer does not slow the senders, as with real users). Latency counts from
/// when the message was due, so time spent waiting for a free connection is in it too. Messages go
/// through the client library's generated client, as a customer's code would send them: one client
/// per token (each end user's, each agent's), all over one connection pool.
/// </summary>
public sealed class SoakTraffic
{
    /// <summary>Chats an agent owns: a busy agent's load, not one agent holding every chat.</summary>
    private const int ChatsPerAgent = 100;
    private const int AgentsPerQueue = 5;
    /// <summary>Requests in flight at most; beyond it senders wait and the wait shows as latency.</summary>
    private const int MaxInFlight = 256;

    private static readonly TextRequest Question = new() { Text = "soak question" };
    private static readonly TextRequest Answer = new() { Text = "soak answer" };

    private readonly string[] _chats;
    private readonly LiveChatApiClient[] _endUsers;
    private readonly LiveChatApiClient[] _owners;
    private readonly SocketsHttpHandler _connections;
    private readonly SoakWindow _window;

    private SoakTraffic(string[] chats, LiveChatApiClient[] endUsers, LiveChatApiClient[] owners, SocketsHttpHandler connections, SoakWindow window)
    {
        _chats = chats;
        _endUsers = endUsers;
        _owners = owners;
        _connections = connections;
        _window = window;
    }

    /// <summary>Queues, agents and <paramref name="chats"/> active chats, each accepted by its agent, laid out through the grains.</summary>
    public static async Task<SoakTraffic> Prepare(ISoakTarget target, int chats, SoakWindow window)
    {
        var directory = new BenchDirectory(target.Client);
        var agents = Math.Max(1, (chats + ChatsPerAgent - 1) / ChatsPerAgent);
        var queues = await BenchDirectory.Many((agents + AgentsPerQueue - 1) / AgentsPerQueue, q => directory.Queue($"soak-queue-{q}"));
        var agentIds = await BenchDirectory.Many(agents, a => directory.Agent($"soak-agent-{a}", queues[a / AgentsPerQueue]));
        var agentTokens = await BenchDirectory.Many(agents, async a => target.Tokens.ForAgent(await target.Client.Agent(agentIds[a]).GetSnapshot()));
        var chatIds = await BenchDirectory.Many(chats, i => directory.ActiveChat($"soak-{i}", queues[i % agents / AgentsPerQueue], agentIds[i % agents]), parallelism: 16);
        var connections = new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight };
        LiveChatApiClient Client(string token) => new(new HttpClient(connections, disposeHandler: false)
        {
            BaseAddress = target.GatewayUrl,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        });
        var endUsers = chatIds.Select(c => Client(target.Tokens.ForEndUser(BenchDirectory.EndUserOf(c), c))).ToArray();
        var agentClients = agentTokens.Select(Client).ToArray();
        var owners = Enumerable.Range(0, chats).Select(i => agentClients[i % agents]).ToArray();
        return new SoakTraffic([.. chatIds], endUsers, owners, connections, window);
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
        _connections.Dispose();
    }

    private async Task Send(long n, TimeSpan dueAt, Stopwatch clock, SemaphoreSlim inFlight)
    {
        string? error = null;
        try
        {
            var chat = (int)(n / 2 % _chats.Length);
            var fromEndUser = n % 2 == 0;
            // The same two routes as before; the client also reads the answer's body, which the
            // raw requests left unread (a small, steady cost on every message).
            if (fromEndUser) await _endUsers[chat].PostEndUserMessageAsync(Question);
            else await _owners[chat].PostChatMessageAsync(_chats[chat], Answer);
        }
        catch (LiveChatApiException refused)
        {
            error = $"HTTP {refused.StatusCode}";
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
