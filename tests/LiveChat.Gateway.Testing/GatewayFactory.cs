namespace LiveChat.Gateway.Testing;

using System.Net.Http.Headers;
using Api = LiveChat.Client;
using LiveChat.Testing.Processes;
using LiveChat.Grains;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// The real gateway in embedded mode (silo co-hosted, SQLite in a temp folder, demo directory)
/// on free ports, served in memory, or with <see cref="RealHttp"/> by Kestrel on loopback ports.
/// Use one per test class (IClassFixture) or per test.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>
    /// Rate limits the functional tests never meet (they sign in and start chats by the dozen from
    /// one address); tests of the limits set their own through <see cref="Settings"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> HighRateLimits = new[]
        { "Global", "ChatStart", "SignIn", "EndUserMessages", "Uploads", "HubInvocations" }
        .ToDictionary(rule => $"Gateway:RateLimits:{rule}:PermitLimit", _ => "1000000");

    public const string SigningKey = "test-signing-key-for-livechat-gateway-tests-0123456789";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "livechat-gateway-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Settings applied over the embedded defaults, e.g. Gateway:Mode=Client. Set before first use.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public bool IsEmbedded => !Settings.TryGetValue("Gateway:Mode", out var mode) || mode == "Embedded";

    /// <summary>Agents sign in at an OpenID provider (Gateway:Auth:Authority set): no demo sign-in.</summary>
    public bool UsesProvider => Settings.TryGetValue("Gateway:Auth:Authority", out var authority) && !string.IsNullOrEmpty(authority);
    /// <summary>
    /// Serve through Kestrel on loopback (public port and management port) instead of in memory:
    /// for what depends on sockets and ports. Clients then speak real HTTP. Set before first use.
    /// </summary>
    public bool RealHttp { get; init; }

    /// <summary>The management port (/metrics): only reachable with <see cref="RealHttp"/>.</summary>
    public int ManagementPort { get; } = FreePorts.One();

    /// <summary>The public port with <see cref="RealHttp"/>.</summary>
    public int PublicPort { get; } = FreePorts.One();

    /// <summary>Captures every log line the gateway writes, when set before first use.</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>Services added after the gateway's own (e.g. a span exporter), when set before first use.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var ports = FreePorts.Take(2);
        var cluster = "gw-" + Guid.NewGuid().ToString("N")[..8];
        builder.UseSetting("Gateway:Mode", "Embedded");
        builder.UseSetting("Gateway:Auth:SigningKey", SigningKey);
        builder.UseSetting("Silo:SiloPort", ports[0].ToString());
        builder.UseSetting("Silo:GatewayPort", ports[1].ToString());
        builder.UseSetting("Silo:ClusterId", cluster);
        builder.UseSetting("Silo:DataFolder", DataFolder);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The in-memory test server listens on no socket, so the addresses it reports say nothing
        // about who can reach it: embedded tests turn the demo sign-in on explicitly.
        if (IsEmbedded && !UsesProvider) builder.UseSetting("Gateway:Auth:EnableDemoSignIn", "true");
        builder.UseSetting("Gateway:Management:Port", ManagementPort.ToString());
        foreach (var (key, value) in HighRateLimits) builder.UseSetting(key, value);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (Logs is not null) builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
        if (TestServices is not null) builder.ConfigureServices(TestServices);
    }

    public async Task InitializeAsync()
    {
        if (RealHttp)
        {
            UseKestrel(PublicPort);
            StartServer();
            // The server listens on both ports; clients talk to the public one.
            ClientOptions.BaseAddress = new Uri($"http://127.0.0.1:{PublicPort}");
        }
        // Starting the server starts the silo (embedded) or the client; the demo directory is
        // seeded once the silo is active, so embedded readiness is "sam can sign in".
        using var client = CreateClient();
        // With a provider there is no demo sign-in: the caller waits for the directory with a provider token.
        await WaitUntil(async () => IsEmbedded && !UsesProvider
            ? (await client.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "sam" }, Json)).IsSuccessStatusCode
            : (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the gateway to become ready");
    }

    /// <summary>Polls a condition in a bounded loop: for readiness, where there is no event to wait on.</summary>
    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>An HTTP client with no token.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>An HTTP client with no token, through the generated client (src/Clients/LiveChat.Client).</summary>
    public Api.LiveChatApiClient AnonymousApi() => new(CreateClient());

    /// <summary>Signs in a demo agent (through the generated client) and returns a client carrying its token.</summary>
    public async Task<ApiClient> SignIn(string agentId, Presence? presence = Presence.Online)
    {
        var http = CreateClient();
        var signedIn = await new Api.LiveChatApiClient(http).DemoSignInAsync(new Api.DemoSignInRequest { AgentId = agentId });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn.Token);
        var client = new ApiClient(http, signedIn.Token, agentId);
        if (presence is { } p) await client.Client.SetPresenceAsync(new Api.PresenceRequest { Presence = Enum.Parse<Api.Presence>(p.ToString()) });
        return client;
    }

    /// <summary>
    /// An agent set online and signed in with a token from the gateway's own issuer, as a deployed
    /// gateway without the demo sign-in has it (tokens from an identity provider, here the issuer itself).
    /// </summary>
    public async Task<ApiClient> SignInThroughIssuer(string agentId)
    {
        var agent = await Services.GetRequiredService<IGrainFactory>().Agent(agentId).SetPresence(Presence.Online);
        var token = Services.GetRequiredService<LiveChat.Gateway.Auth.TokenIssuer>().ForAgent(agent);
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http, token, agentId);
    }

    /// <summary>Starts a chat as an end user (through the generated client): the client carries the chat-scoped token.</summary>
    public async Task<EndUserClient> StartChat(string queueId = "billing", string name = "Pat Customer", string? firstMessage = "Hello, I need help")
    {
        var http = CreateClient();
        var started = await new Api.LiveChatApiClient(http).StartChatAsync(new Api.StartChatBody { QueueId = queueId, DisplayName = name, FirstMessage = firstMessage });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started.Token);
        return new EndUserClient(new ApiClient(http, started.Token, started.EndUserId), started.ChatId);
    }

    /// <summary>An HTTP client of the management port (needs <see cref="RealHttp"/>).</summary>
    public HttpClient Management() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}") };

    /// <summary>
    /// A SignalR console connected over WebSockets to the server, recording what it receives. The
    /// token goes in the Authorization header like a native client's or, with
    /// <paramref name="tokenInQuery"/>, in the access_token query parameter like a browser's.
    /// </summary>
    public async Task<Console> Connect(string token, bool tokenInQuery = false)
    {
        var console = new Console(HubConnection(token, tokenInQuery));
        await console.Connection.StartAsync();
        // The handshake completes before the gateway subscribes the connection: wait for its "ready".
        await console.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return console;
    }

    /// <summary>The client library's typed hub client (LiveChatHubClient), connected like <see cref="Connect"/>, recording its pushes.</summary>
    public async Task<HubConsole> ConnectHub(string token)
    {
        var console = new HubConsole(new LiveChat.Client.LiveChatHubClient(HubConnection(token, tokenInQuery: false)));
        await console.Hub.StartAsync();
        return console;
    }

    private HubConnection HubConnection(string token, bool tokenInQuery)
    {
        var url = RealHttp ? new Uri(ClientOptions.BaseAddress, "/hubs/livechat") : new Uri(Server.BaseAddress, "/hubs/livechat");
        if (tokenInQuery) url = new Uri(url, "?access_token=" + Uri.EscapeDataString(token));
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                if (!tokenInQuery) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (RealHttp) return;
                var server = Server;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var socket = server.CreateWebSocketClient();
                    // A custom socket factory gets no token from SignalR: send it like a native client would.
                    if (!tokenInQuery) socket.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
                    return await socket.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        return connection;
    }
}

public sealed record EndUserClient(ApiClient Api, string ChatId);
