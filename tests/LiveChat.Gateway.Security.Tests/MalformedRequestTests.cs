namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// The refusals the malformed-request barrage (OpenApiFuzzTests) showed the gateway should make,
/// each pinned down on its own.
/// </summary>
public sealed class MalformedRequestTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    // Refusals the barrage found missing, each pinned down ---------------------------------------

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

    public static TheoryData<string, string> RefusalsWithAnAcceptHeader()
    {
        var rows = new TheoryData<string, string>();
        foreach (var accept in new[] { "application/xml", "text/html", "text/plain;q=1, application/json;q=0" })
            foreach (var refusal in new[] { "401 no token", "404 implausible route id", "400 route id too long", "404 unknown chat", "400 malformed JSON", "405 method", "415 content type" })
                rows.Add(refusal, accept);
        return rows;
    }

    /// <summary>
    /// Found by the fuzz run: with an Accept header that rules JSON out, refusals came back as a
    /// bare status or plain text, and a route id refused as 404 became a 500.
    /// </summary>
    [Theory]
    [MemberData(nameof(RefusalsWithAnAcceptHeader))]
    public async Task Request_a_refusal_is_a_problem_whatever_the_accept_header_says(string refusal, string accept)
    {
        var chat = await ChatScenario.Create(gateway);
        var token = chat.Alice.Token;
        var (status, rule, method, path, body, sendToken) = refusal switch
        {
            "401 no token" => (401, "Auth", HttpMethod.Get, "/api/me", null, false),
            "404 implausible route id" => (404, "Route", HttpMethod.Post, "/api/chats/x%01y/messages", Http.JsonOf(new { text = "hi" }), true),
            "400 route id too long" => (400, "Route", HttpMethod.Post, $"/api/chats/{new string('x', 300)}/messages", Http.JsonOf(new { text = "hi" }), true),
            "404 unknown chat" => (404, "A7", HttpMethod.Post, $"/api/chats/{Guid.NewGuid():N}/messages", Http.JsonOf(new { text = "hi" }), true),
            "400 malformed JSON" => (400, "Request", HttpMethod.Post, $"{chat.Chat}/messages", Http.Json("{\"text\":"), true),
            "405 method" => (405, "Route", HttpMethod.Patch, $"{chat.Chat}/messages", null, true),
            _ => (415, "Request", HttpMethod.Post, $"{chat.Chat}/messages", Http.Json("{\"text\":\"hi\"}", "application/xml"), true),
        };
        var before = await chat.Observe();
        var request = new HttpRequestMessage(method, path) { Content = body };
        if (sendToken) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        await Problems.Assert(await gateway.Anonymous().SendAsync(request), status, rule);
        Assert.Equal(before, await chat.Observe());
    }

    public static TheoryData<string, string> EnumsNotByName() => new()
    {
        { "presence", "0" }, { "presence", "1" }, { "presence", "\"1\"" }, { "presence", "\"Online, Away\"" },
        { "mode", "0" }, { "mode", "1" }, { "mode", "\"0\"" }, { "mode", "\"Participant, Monitor\"" }, { "mode", "\"Monitor,Participant\"" },
    };

    /// <summary>
    /// Found by the fuzz run: an enum field given as a number, or as a list of names, bound to the
    /// enum member behind it: {"presence": 0} set an agent Offline, {"mode": 0} meant Participant,
    /// and a supervisor joining with "Participant, Monitor" joined as Monitor.
    /// </summary>
    [Theory]
    [MemberData(nameof(EnumsNotByName))]
    public async Task Request_an_enum_field_is_taken_by_its_name_only(string field, string json)
    {
        var chat = await ChatScenario.Create(gateway);
        var (caller, method, path) = field == "presence"
            ? (chat.Carol, HttpMethod.Put, "/api/me/presence")
            : (chat.Sam, HttpMethod.Post, $"{chat.Chat}/supervisor-join");
        var before = await chat.Observe();
        var callerBefore = await Http.Describe(await caller.Get("/api/me"));

        var response = await Http.Send(caller.Http, method, path, content: Http.Json($"{{\"{field}\":{json}}}"));
        await Problems.Assert(response, 400, "Request");
        Assert.Equal(before, await chat.Observe());
        Assert.Equal(callerBefore, await Http.Describe(await caller.Get("/api/me")));
    }
}
