namespace LiveChat.LoadTest.Scenarios;

using System.Net.Http.Headers;
using LiveChat.Client;

/// <summary>Messages posted through the gateway's HTTP API against a bare endpoint that makes one grain call.</summary>
public static class HttpScenario
{
    public static async Task<List<Measurement>> Run(BenchCluster cluster, LoadOptions options)
    {
        var directory = new BenchDirectory(cluster.Client);
        var queue = await directory.Queue("http-queue");
        var owner = await directory.Agent("http-owner", queue);
        var chats = await BenchDirectory.Many(options.Chats, i => directory.ActiveChat($"http-{i}", queue, owner));
        var tokens = chats.Select(c => cluster.Tokens.ForEndUser(BenchDirectory.EndUserOf(c), c)).ToArray();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = cluster.GatewayUrl };
        // The product routes through the client library, as a customer's code would call them: one
        // client per end user (its chat token), all over the one connection pool.
        var endUsers = tokens.Select(token => EndUserClient(handler, cluster.GatewayUrl, token)).ToArray();
        var message = new TextRequest { Text = "load message" };
        Task Post(int i) => endUsers[i % endUsers.Length].PostEndUserMessageAsync(message);
        // The baseline is the bench's own endpoint, outside the API (and its document): plain HTTP.
        Task Bare(int i) => Send(http, HttpMethod.Get, "/bench/ping");
        // Diagnostic: the same route's cost without the durable write (token check, routing, one grain read).
        Task Read(int i) => endUsers[i % endUsers.Length].GetEndUserChatAsync();

        var half = options.Duration / 2;
        // The three in turn, twice, each for half the duration: whatever the machine does meanwhile
        // (GC of the previous phase, other processes) falls on all of them alike.
        foreach (var warmUp in new Func<int, Task>[] { Post, Bare, Read }) await Throughput.Measure(options.Concurrency, half, warmUp);
        double posted = 0, bare = 0, read = 0;
        long failed = 0;
        for (var round = 0; round < 2; round++)
        {
            var post = await Throughput.Measure(options.Concurrency, half, Post);
            posted += post.PerSecond / 2;
            failed += post.Failures;
            bare += (await Throughput.Measure(options.Concurrency, half, Bare)).PerSecond / 2;
            read += (await Throughput.Measure(options.Concurrency, half, Read)).PerSecond / 2;
        }

        var ratio = posted / bare;
        return
        [
            new Measurement("Gateway HTTP: POST message", "requests/s", posted, "bare endpoint + ping grain", bare, ratio,
                "≥ 0.60", ratio >= 0.60, $"{options.Chats} chats, {options.Concurrency} connections, {failed} failed"),
            new Measurement("Gateway HTTP: GET chat (diagnostic: token + grain read, no write)", "requests/s", read, "bare endpoint + ping grain", bare, read / bare,
                "—", true, "splits the POST's cost between the HTTP/auth path and the durable write"),
        ];
    }

    private static LiveChatApiClient EndUserClient(HttpMessageHandler handler, Uri gateway, string token) =>
        new(new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = gateway,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        });

    private static async Task Send(HttpClient http, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
