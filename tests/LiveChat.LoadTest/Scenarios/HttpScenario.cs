namespace LiveChat.LoadTest.Scenarios;

using System.Net.Http.Headers;
using System.Text;

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

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = cluster.GatewayUrl };
        var (posted, failed) = await Throughput.Measure(options.Concurrency, options.Duration, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enduser/chat/messages")
            {
                Content = new StringContent("{\"text\":\"load message\"}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Length]);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        });
        var (bare, _) = await Throughput.Measure(options.Concurrency, options.Duration, async _ =>
        {
            using var response = await http.GetAsync("/bench/ping");
            response.EnsureSuccessStatusCode();
        });

        // Diagnostic: the same route's cost without the durable write (token check, routing, one grain read).
        var (read, _) = await Throughput.Measure(options.Concurrency, options.Duration, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/enduser/chat");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Length]);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        });

        var ratio = posted / bare;
        return
        [
            new Measurement("Gateway HTTP: POST message", "requests/s", posted, "bare endpoint + ping grain", bare, ratio,
                "≥ 0.50", ratio >= 0.50, $"{options.Chats} chats, {options.Concurrency} connections, {failed} failed"),
            new Measurement("Gateway HTTP: GET chat (diagnostic: token + grain read, no write)", "requests/s", read, "bare endpoint + ping grain", bare, read / bare,
                "—", true, "splits the POST's cost between the HTTP/auth path and the durable write"),
        ];
    }
}
