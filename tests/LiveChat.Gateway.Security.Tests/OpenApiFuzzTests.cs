namespace LiveChat.Gateway.Security.Tests;

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

/// <summary>
/// The adversarial fuzz run: at least 10,000 malformed requests generated from the gateway's own
/// OpenAPI document, spread over every operation and every kind of caller, sent over a real
/// socket. Pass line: no answer is a 5xx, every 4xx is a problem naming its rule, no write is
/// accepted, and afterwards the gateway is ready and nothing it holds has changed.
/// </summary>
public sealed class OpenApiFuzzTests(FuzzGateway fixture, ITestOutputHelper output) : IClassFixture<FuzzGateway>
{
    /// <summary>The seed of the run CI makes; LIVECHAT_FUZZ_SEED=n explores another (printed with any failure).</summary>
    private const int DefaultSeed = 20_261_202;
    // More than the 10,000 asked for: five kinds of caller now share the rounds over every operation,
    // and token mutations take some of each caller's share (at 14,000 one operation's admin share
    // fell to 9 once the waiting list's skip/take query parameters changed the random plan).
    private const int MinimumRequests = 15_000;
    private const int MinimumPerOperation = 150;
    private const int MinimumPerOperationAndCaller = 10;
    // Half the rounds over the operations cycle through the caller roles, and some of those rounds
    // plan another fault: 280 per operation leaves every role at least 10 of each operation (250 left
    // one role 9 of one operation once the data-protection routes joined the document).
    private const int RequestsPerOperation = 280;
    /// <summary>Kestrel's default request-line limit: a longer path is refused by the server before the app (414, no body).</summary>
    private const int KestrelRequestLineBytes = 8 * 1024;

    private GatewayFactory Gateway => fixture.Gateway;

    [Fact]
    public async Task Request_10000_malformed_requests_over_every_OpenAPI_operation_get_problems_never_5xx_and_change_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LIVECHAT_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var world = await ReferenceWorld.Create(Gateway);
        using var http = fixture.CreateRawClient();
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = Operation.FromOpenApi(document);
        // The barrage grows with the API, so every operation keeps its share for every kind of caller.
        var count = Math.Max(Math.Max(MinimumRequests, operations.Count * RequestsPerOperation),
            int.TryParse(Environment.GetEnvironmentVariable("LIVECHAT_FUZZ_REQUESTS"), out var n) ? n : 0);
        output.WriteLine($"seed {seed} (set LIVECHAT_FUZZ_SEED to replay or vary it), {count} requests over {operations.Count} operations");
        // Every route the gateway serves is in the document, so a new route is fuzzed without anyone listing it.
        Assert.Equal(ServedOperations(), operations.Select(o => o.ToString()).Order());

        var requests = new MalformedRequestGenerator(operations, world.Targets, seed).Generate(count);
        Assert.Equal(count, requests.Count);
        Assert.Equal(operations.Select(o => o.ToString()).Order(), requests.Select(r => r.Operation.ToString()).Distinct().Order());
        foreach (var operation in operations)
        {
            var mine = requests.Where(r => r.Operation == operation).ToList();
            Assert.True(mine.Count >= MinimumPerOperation, $"{operation} got {mine.Count} requests, fewer than {MinimumPerOperation}.");
            foreach (var role in CallerRoles.All)
            {
                var asRole = mine.Count(r => r.CallerRole == role);
                Assert.True(asRole >= MinimumPerOperationAndCaller, $"{operation} got {asRole} requests as {role}, fewer than {MinimumPerOperationAndCaller}.");
            }
        }
        // Deterministic: the same seed plans the same barrage.
        Assert.Equal(requests.Select(r => r.ToString()), new MalformedRequestGenerator(operations, world.Targets, seed).Generate(count).Select(r => r.ToString()));

        var before = await world.Observe();
        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (plan, ct) =>
        {
            using var request = plan.Build();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException) when (plan.ConnectionMayBeCut)
            {
                // The server refused to read 12 MB and closed the connection: a defence, not a failure.
                statuses.AddOrUpdate(0, 1, (_, k) => k + 1);
                return;
            }
            catch (Exception error)
            {
                failures.Add($"{plan} → threw {error.GetType().Name}: {error.Message}");
                return;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, k) => k + 1);
                var body = await response.Content.ReadAsStringAsync(ct);
                var problem = Verdict(plan, response, status, body);
                if (problem is not null) failures.Add($"{plan} → {status} {response.Content.Headers.ContentType}: {Clip(body)} — {problem}");
            }
        });
        clock.Stop();
        output.WriteLine($"{requests.Count} requests over {operations.Count} operations ({requests.Count(r => r.MustBeRefused)} must be refused) " +
            $"in {clock.Elapsed.TotalSeconds:F1} s; " + string.Join(", ", statuses.OrderBy(x => x.Key).Select(x => $"{(x.Key == 0 ? "cut" : x.Key)}×{x.Value}")));
        output.WriteLine("by caller: " + string.Join(", ", CallerRoles.All.Select(r => $"{r} {requests.Count(p => p.CallerRole == r)}")) +
            $"; 12 MB bodies {requests.Count(r => r.Mutations.Any(m => m.StartsWith("12 MB")))}, " +
            $"{MalformedRequestGenerator.LongPathChars}-char ids {requests.Count(r => r.Mutations.Any(m => m.EndsWith($"{MalformedRequestGenerator.LongPathChars} chars")))}, " +
            $"odd headers {requests.Count(r => r.Headers.Count > 0)}");

        Assert.True(failures.IsEmpty, $"Seed {seed}: {failures.Count} of {requests.Count} requests were mishandled:\n" + string.Join("\n", failures.OrderBy(f => f).Take(30)));
        // Still serving, and nothing changed.
        var ready = await http.GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, $"After the barrage /health/ready answered {await Http.Describe(ready)}");
        Assert.Equal(before, await world.Observe());
    }

    [Fact]
    public async Task OpenApi_enum_fields_are_described_as_their_names()
    {
        // The gateway reads enums by name only (its own converter): the document must still say which names.
        using var http = Gateway.CreateClient();
        var operations = Operation.FromOpenApi(await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json"));
        var fields = operations.Where(o => o.JsonBody is not null).SelectMany(o => o.JsonBody!.Select(f => (Operation: o.ToString(), Field: f))).ToList();
        var expected = new Dictionary<string, string[]>
        {
            ["mode"] = Enum.GetNames<JoinMode>(),
            ["answer"] = Enum.GetNames<InviteAnswer>(),
            ["presence"] = Enum.GetNames<Presence>(),
        };
        foreach (var (name, names) in expected)
        {
            var uses = fields.Where(f => f.Field.Name == name).ToList();
            Assert.NotEmpty(uses);
            Assert.All(uses, f =>
            {
                Assert.True(f.Field.Kind == FieldKind.Enum, $"{f.Operation}: {name} is described as {f.Field.Kind}.");
                Assert.Equal(names.Order(), f.Field.EnumValues.Order());
            });
        }
    }

    /// <summary>Every method and route the gateway serves, but the SignalR hub, the OpenAPI document itself and its reference page (/api-docs).</summary>
    private IOrderedEnumerable<string> ServedOperations() =>
        Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/hubs/") && !raw.StartsWith("/openapi/") && !raw.StartsWith("/api-docs"))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} {"/" + e.RoutePattern.RawText!.Trim('/')}"))
            .Distinct()
            .Order();

    private static string? Verdict(PlannedRequest plan, HttpResponseMessage response, int status, string body)
    {
        if (status >= 500) return "a server error";
        // Kestrel refuses a request line over its limit itself, before any middleware could write a problem.
        if (status == 414 && Encoding.UTF8.GetByteCount(plan.Path) > KestrelRequestLineBytes - 100) return null;
        if (status is >= 400 and < 500)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return "a 4xx that is not a problem";
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind != JsonValueKind.Object
                    || !json.RootElement.TryGetProperty("ruleId", out var rule) || rule.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(rule.GetString()))
                    return "a problem without a ruleId";
                if (!json.RootElement.TryGetProperty("status", out var s) || s.GetInt32() != status) return "a problem whose status differs from the response's";
            }
            catch (JsonException)
            {
                return "a problem that is not JSON";
            }
            return null;
        }
        // Reads change nothing, so only a write must be refused; an odd read may still succeed.
        return plan.MustBeRefused && !plan.Operation.IsRead ? "accepted although it must be refused" : null;
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "...";

    /// <summary>
    /// What the barrage aims at and must leave untouched: a chat with an assignee (alice), a
    /// participant (carol), a supervisor monitoring (sam), a pending invite (bob), a pinned
    /// article, a side note, messages and an attachment; a second chat waiting; a third chat, in
    /// another queue, that is dave's; six agents online.
    /// </summary>
    private sealed record ReferenceWorld(GatewayFactory Gateway, Dictionary<string, ApiClient> Agents, EndUserClient EndUser,
        EndUserClient Other, EndUserClient Daves, BarrageTargets Targets)
    {
        /// <remarks>Agents take chats by hand only (capacity 0), so the tech chat is dave's and not the queue's pick.</remarks>
        public static async Task<ReferenceWorld> Create(GatewayFactory gateway)
        {
            var agents = await MatrixChat.ManualAgents(gateway);
            var (alice, carol, sam) = (agents["alice"], agents["carol"], agents["sam"]);
            var endUser = await gateway.StartChat("billing");
            var other = await gateway.StartChat("billing", name: "Other Customer");
            var daves = await gateway.StartChat("tech", name: "Tech Customer");
            await Http.AssertSuccess(await agents["dave"].Post($"/api/chats/{daves.ChatId}/accept"));
            var chat = $"/api/chats/{endUser.ChatId}";
            await Http.AssertSuccess(await alice.Post($"{chat}/accept"));
            await ChatScenario.Join(alice, carol, chat, "Participant", "Participate");
            await Http.AssertSuccess(await sam.Post($"{chat}/supervisor-join", new { mode = "Monitor" }));
            var pending = await alice.PostJson<JsonElement>($"{chat}/invites", new { inviteeId = "bob", mode = "Monitor" });
            await Http.AssertSuccess(await alice.Post($"{chat}/pinned-articles", new { articleId = "kb-101" }));
            await Http.AssertSuccess(await alice.Post($"{chat}/side-notes", new { text = "VIP customer" }));
            await Http.AssertSuccess(await alice.Post($"{chat}/messages", new { text = "Hello, this is Alice" }));
            await Http.AssertSuccess(await endUser.Api.Post("/api/enduser/chat/messages", new { text = "Hi Alice" }));
            var upload = await alice.Http.PostAsync($"{chat}/attachments", Http.TextFile());
            await Http.AssertSuccess(upload);
            var attachmentId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refId").GetString()!;

            var ada = await gateway.SignIn("ada", presence: null);
            var (adminAgent, adminQueue) = ($"barrage-agent-{Guid.NewGuid():N}"[..24], $"barrage-queue-{Guid.NewGuid():N}"[..24]);
            await Http.AssertSuccess(await ada.Post("/api/admin/queues", new { id = adminQueue, name = "Barrage", automaticAssignment = false, systemNotifications = false }));
            await Http.AssertSuccess(await ada.Post("/api/admin/agents", new { id = adminAgent, firstName = "Bar", lastName = "Rage", email = "barrage@example.com",
                role = "Agent", permissions = Array.Empty<string>(), queues = new[] { adminQueue }, supervises = Array.Empty<string>() }));

            var targets = new BarrageTargets(endUser.ChatId, pending.GetProperty("inviteId").GetString()!, "kb-101", attachmentId, "billing",
                agents.ToDictionary(a => a.Key, a => a.Value.Token), endUser.Api.Token, other.Api.Token, alice.Token, daves.ChatId,
                ada.Token, adminAgent, adminQueue);
            return new ReferenceWorld(gateway, agents, endUser, other, daves, targets);
        }

        /// <summary>Everything the barrage could have changed, as JSON (times that tick on their own left out).</summary>
        public async Task<string> Observe()
        {
            var chat = $"/api/chats/{EndUser.ChatId}";
            var alice = Agents["alice"].Http;
            var dave = Agents["dave"].Http;
            var parts = new List<string>
            {
                await Http.Describe(await alice.GetAsync(chat)),
                await Http.Describe(await alice.GetAsync($"{chat}/invites")),
                await Http.Describe(await alice.GetAsync($"{chat}/transcript?after=0&max=500&audit=true")),
                await Http.Describe(await EndUser.Api.Http.GetAsync("/api/enduser/chat")),
                await Http.Describe(await EndUser.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0&max=500")),
                await Http.Describe(await Other.Api.Http.GetAsync("/api/enduser/chat")),
                await Http.Describe(await Other.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0&max=500")),
                await Http.Describe(await dave.GetAsync($"/api/chats/{Daves.ChatId}")),
                await Http.Describe(await dave.GetAsync($"/api/chats/{Daves.ChatId}/transcript?after=0&max=500&audit=true")),
            };
            foreach (var (id, agent) in Agents)
            {
                parts.Add(await Http.Describe(await agent.Http.GetAsync("/api/me")));
                parts.Add(await Http.Describe(await agent.Http.GetAsync("/api/me/invites")));
            }
            foreach (var queue in new[] { "billing", "tech" })
            {
                var waiting = await alice.GetFromJsonAsync<JsonElement>($"/api/queues/{queue}/waiting");
                parts.Add($"{queue} waiting: " + string.Join(",", waiting.EnumerateArray().Select(w => $"{w.GetProperty("chatId")}@{w.GetProperty("since")}")));
            }
            foreach (var figures in (await Agents["sam"].Http.GetFromJsonAsync<JsonElement>("/api/supervisor/queues")).EnumerateArray())
            {
                parts.Add($"{figures.GetProperty("queueId")}: waiting {figures.GetProperty("waitingChats")}, active {figures.GetProperty("activeChats")} " +
                    $"{figures.GetProperty("activeChatIds").GetRawText()}, online {figures.GetProperty("agentsOnline").GetRawText()}");
            }
            return string.Join("\n", parts);
        }
    }
}
