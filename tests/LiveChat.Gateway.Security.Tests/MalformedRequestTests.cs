namespace LiveChat.Gateway.Security.Tests;

using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

/// <summary>
/// Malformed requests, generated: never a 5xx, every 4xx a problem naming its rule, and nothing
/// changes. Plus the refusals the barrage showed the gateway should make but does not.
/// </summary>
public sealed class MalformedRequestTests(GatewayFactory gateway, ITestOutputHelper output) : IClassFixture<GatewayFactory>
{
    private const int Seed = 20_261_124;
    private const int RequestCount = 2_000;

    [Fact]
    public async Task Request_a_barrage_of_malformed_requests_gets_problems_never_5xx_and_changes_nothing()
    {
        var world = await ReferenceWorld.Create(gateway);
        var http = gateway.Server.CreateClient();
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = Operation.FromOpenApi(document);
        Assert.True(operations.Count >= 40, $"The OpenAPI document lists only {operations.Count} operations.");
        foreach (var expected in new[] { "POST /api/chats/{chatId}/invites/{inviteId}/response", "POST /api/chats/{chatId}/attachments",
                     "PUT /api/me/presence", "POST /api/enduser/chat/messages", "POST /api/chats/{chatId}/supervisor-join" })
            Assert.Contains(expected, operations.Select(o => o.ToString()));

        var requests = new MalformedRequestGenerator(operations, world.Targets, Seed).Generate(RequestCount);
        Assert.True(requests.Count >= 1000);
        Assert.All(operations, o => Assert.True(requests.Count(r => r.Operation == o) >= 20, $"{o} is barely covered."));
        // Deterministic: the same seed plans the same barrage.
        Assert.Equal(requests.Select(r => r.ToString()), new MalformedRequestGenerator(operations, world.Targets, Seed).Generate(RequestCount).Select(r => r.ToString()));

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
            catch (Exception error)
            {
                failures.Add($"{plan} → threw {error.GetType().Name}: {error.Message}");
                return;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                var body = await response.Content.ReadAsStringAsync(ct);
                var problem = Verdict(plan, response, status, body);
                if (problem is not null) failures.Add($"{plan} → {status} {response.Content.Headers.ContentType}: {Clip(body)} — {problem}");
            }
        });
        clock.Stop();
        output.WriteLine($"{requests.Count} requests ({requests.Count(r => r.MustBeRefused)} must be refused) in {clock.Elapsed.TotalSeconds:F1} s; " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        output.WriteLine($"12 MB bodies: {requests.Count(r => r.Mutations.Any(m => m.StartsWith("12 MB")))}; " +
            $"5000-char strings: {requests.Count(r => r.Mutations.Any(m => m.Contains("5000 chars")))}; " +
            $"1000-char ids: {requests.Count(r => r.Mutations.Any(m => m.EndsWith("1000 chars")))}; " +
            $"forged or missing tokens: {requests.Count(r => r.Mutations.Any(m => m is "token=none" or "token=garbage" or "token=expired" or "token=other key" or "token=tampered" or "token=alg none"))}");

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} requests were mishandled:\n" + string.Join("\n", failures.OrderBy(f => f).Take(30)));
        Assert.Equal(before, await world.Observe());
    }

    private static string? Verdict(PlannedRequest plan, HttpResponseMessage response, int status, string body)
    {
        if (status >= 500) return "a server error";
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

    // Refusals the gateway does not make ---------------------------------------------------------

    public static TheoryData<string> MissingFields() =>
        ["R5 invite without mode", "R8 mode change without mode", "R6 answer without answer", "R13 supervisor join without mode",
         "presence without presence", "settings without any field"];

    [Theory]
    [MemberData(nameof(MissingFields))]
    public async Task Request_a_body_missing_a_required_field_is_refused_not_defaulted(string kind)
    {
        var chat = await ChatScenario.Create(gateway);
        var endUser = await gateway.StartChat("billing");
        var fresh = $"/api/chats/{endUser.ChatId}";
        await Http.AssertSuccess(await chat.Alice.Post($"{fresh}/accept"));
        var invite = await chat.Alice.PostJson<JsonElement>($"{fresh}/invites", new { inviteeId = "bob", mode = kind.StartsWith("R6") ? "Participant" : "Monitor" });
        var inviteId = invite.GetProperty("inviteId").GetString();

        var (caller, method, path, rules) = kind switch
        {
            "R5 invite without mode" => (chat.Alice, HttpMethod.Post, $"{fresh}/invites", new[] { "Request", "R5" }),
            "R8 mode change without mode" => (chat.Alice, HttpMethod.Put, $"{fresh}/invites/{inviteId}/mode", ["Request", "R5", "R8"]),
            "R6 answer without answer" => (chat.Bob, HttpMethod.Post, $"{fresh}/invites/{inviteId}/response", ["Request", "R6"]),
            "R13 supervisor join without mode" => (chat.Sam, HttpMethod.Post, $"{fresh}/supervisor-join", ["Request", "R13"]),
            "presence without presence" => (chat.Bob, HttpMethod.Put, "/api/me/presence", ["Request", "Directory"]),
            _ => (chat.Bob, HttpMethod.Put, "/api/me/settings", ["Request", "Directory"]),
        };
        var body = kind == "R5 invite without mode" ? "{\"inviteeId\":\"carol\"}" : "{}";
        var observe = async () => string.Join("\n",
            await Http.Describe(await chat.Alice.Http.GetAsync(fresh)),
            await Http.Describe(await chat.Alice.Http.GetAsync($"{fresh}/transcript?after=0&max=500&audit=true")),
            await Http.Describe(await caller.Http.GetAsync("/api/me")));
        var before = await observe();
        try
        {
            var response = await Http.Send(caller.Http, method, path, content: Http.Json(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == 400, $"Expected 400 for {method} {path} {body}, got {await Http.Describe(response)}");
            Assert.Contains(JsonDocument.Parse(text).RootElement.GetProperty("ruleId").GetString(), rules);
            Assert.Equal(before, await observe());
        }
        finally
        {
            // Whatever happened, leave the agents as the other tests expect them.
            await caller.Put("/api/me/presence", new { presence = "Online" });
            await caller.Put("/api/me/settings", AgentSettings.Default);
        }
    }

    public static TheoryData<string, string> WhitespaceIds()
    {
        var rows = new TheoryData<string, string>();
        foreach (var id in MalformedRequestGenerator.WhitespaceSegments)
            foreach (var route in new[] { "GET /api/chats/{id}", "GET /api/chats/{id}/transcript", "POST /api/chats/{id}/accept", "POST /api/chats/{id}/end",
                         "POST /api/chats/{id}/messages", "GET /api/chats/{id}/invites", "GET /api/queues/{id}", "GET /api/queues/{id}/waiting" })
                rows.Add(route, id);
        return rows;
    }

    [Theory]
    [MemberData(nameof(WhitespaceIds))]
    public async Task Request_a_whitespace_id_in_the_route_is_refused_not_a_500(string route, string id)
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var parts = route.Split(' ');
        var content = parts[0] == "POST" ? Http.JsonOf(new { text = "hello" }) : null;
        var response = await Http.Send(alice.Http, new HttpMethod(parts[0]), parts[1].Replace("{id}", id), content: content);
        Assert.True((int)response.StatusCode is 400 or 404, $"Expected 400 or 404, got {await Http.Describe(response)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// What the barrage aims at and must leave untouched: a chat with an assignee (alice), a
    /// participant (carol), a supervisor monitoring (sam), a pending invite (bob), a pinned
    /// article, a side note, messages and an attachment; a second chat waiting; six agents online.
    /// </summary>
    private sealed record ReferenceWorld(GatewayFactory Gateway, Dictionary<string, ApiClient> Agents, EndUserClient EndUser,
        EndUserClient Other, BarrageTargets Targets)
    {
        public static async Task<ReferenceWorld> Create(GatewayFactory gateway)
        {
            var agents = new Dictionary<string, ApiClient>();
            foreach (var id in new[] { "alice", "bob", "carol", "dave", "erin", "sam" }) agents[id] = await ChatScenario.Agent(gateway, id);
            var (alice, carol, sam) = (agents["alice"], agents["carol"], agents["sam"]);
            var endUser = await gateway.StartChat("billing");
            var other = await gateway.StartChat("billing", name: "Other Customer");
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
                agents.ToDictionary(a => a.Key, a => a.Value.Token), endUser.Api.Token, other.Api.Token, alice.Token,
                ada.Token, adminAgent, adminQueue);
            return new ReferenceWorld(gateway, agents, endUser, other, targets);
        }

        /// <summary>Everything the barrage could have changed, as JSON (times that tick on their own left out).</summary>
        public async Task<string> Observe()
        {
            var chat = $"/api/chats/{EndUser.ChatId}";
            var alice = Agents["alice"].Http;
            var parts = new List<string>
            {
                await Http.Describe(await alice.GetAsync(chat)),
                await Http.Describe(await alice.GetAsync($"{chat}/invites")),
                await Http.Describe(await alice.GetAsync($"{chat}/transcript?after=0&max=500&audit=true")),
                await Http.Describe(await EndUser.Api.Http.GetAsync("/api/enduser/chat")),
                await Http.Describe(await EndUser.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0&max=500")),
                await Http.Describe(await Other.Api.Http.GetAsync("/api/enduser/chat")),
                await Http.Describe(await Other.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0&max=500")),
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
