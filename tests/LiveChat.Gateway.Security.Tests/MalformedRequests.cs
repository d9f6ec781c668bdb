namespace LiveChat.Gateway.Security.Tests;

using System.Text.Json.Nodes;

/// <summary>Who a route is for, as its authorization policy says.</summary>
public enum Audience { Anonymous, Agent, Supervisor, EndUser, Admin }

public enum FieldKind { Id, Text, OptionalText, Enum, Bool, Int }

public sealed record BodyField(string Name, FieldKind Kind, IReadOnlyList<string> EnumValues);

/// <summary>One operation of the OpenAPI document.</summary>
public sealed record Operation(string Method, string Template, Audience Audience, IReadOnlyList<string> PathParams,
    IReadOnlyList<string> QueryParams, IReadOnlyList<BodyField>? JsonBody, bool Multipart)
{
    public bool IsRead => Method == "GET";
    public override string ToString() => $"{Method} {Template}";

    /// <summary>Every operation of /openapi/v1.json, with its body's fields read from the schema.</summary>
    public static IReadOnlyList<Operation> FromOpenApi(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                IReadOnlyList<BodyField>? json = null;
                var multipart = false;
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    var content = body.GetProperty("content");
                    multipart = content.TryGetProperty("multipart/form-data", out _);
                    if (content.TryGetProperty("application/json", out var media))
                        json = FieldsOf(Resolve(schemas, media.GetProperty("schema")), schemas);
                }
                operations.Add(new Operation(
                    operation.Name.ToUpperInvariant(),
                    path.Name,
                    AudienceOf(operation.Name.ToUpperInvariant(), path.Name),
                    parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!).ToList(),
                    parameters.Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()!).ToList(),
                    json,
                    multipart));
            }
        }
        return operations;
    }

    private static Audience AudienceOf(string method, string path) => path switch
    {
        "/api/auth/demo-sign-in" => Audience.Anonymous,
        "/api/enduser/chats" when method == "POST" => Audience.Anonymous,
        // Business hours and leaving a message (B2, O1): the page asks and leaves one before it has a chat token.
        "/api/enduser/offline-messages" when method == "POST" => Audience.Anonymous,
        "/api/enduser/queues/{queueId}/availability" => Audience.Anonymous,
        _ when path.StartsWith("/api/enduser/") => Audience.EndUser,
        _ when path.StartsWith("/api/supervisor/") || path.EndsWith("/supervisor-join") => Audience.Supervisor,
        _ when path.StartsWith("/api/admin/") => Audience.Admin,
        _ => Audience.Agent,
    };

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference)) return Resolve(schemas, schemas.GetProperty(reference.GetString()!.Split('/')[^1]));
        // A nullable field is "one of: the type, or null": describe it by the type.
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (!schema.TryGetProperty(combinator, out var options)) continue;
            foreach (var option in options.EnumerateArray())
            {
                var resolved = Resolve(schemas, option);
                if (!(resolved.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")) return resolved;
            }
        }
        return schema;
    }

    private static List<BodyField> FieldsOf(JsonElement schema, JsonElement schemas)
    {
        var fields = new List<BodyField>();
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            var resolved = Resolve(schemas, property.Value);
            if (resolved.TryGetProperty("enum", out var values))
            {
                fields.Add(new(property.Name, FieldKind.Enum, values.EnumerateArray().Select(v => v.GetString()!).ToList()));
                continue;
            }
            var type = resolved.GetProperty("type");
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
            var kind = types.Contains("boolean") ? FieldKind.Bool
                : types.Contains("integer") ? FieldKind.Int
                : property.Name.EndsWith("Id") ? FieldKind.Id
                // The first message of a chat and an identified visitor's token may be left out;
                // every other text is required by its rule.
                : property.Name is "firstMessage" or "visitorToken" ? FieldKind.OptionalText
                : FieldKind.Text;
            fields.Add(new(property.Name, kind, []));
        }
        return fields;
    }
}

/// <summary>The reference data a generated request may point at, and the tokens it may carry.</summary>
public sealed record BarrageTargets(
    string ChatId, string InviteId, string ArticleId, string AttachmentId, string QueueId,
    IReadOnlyDictionary<string, string> AgentTokens, string EndUserToken, string OtherEndUserToken, string GenuineAgentToken,
    string? OtherAgentsChatId = null,
    // Directory administration: the admin's token, and an agent and a queue of the barrage's own
    // (an admin change must not touch the reference chat's people or queue).
    string? AdminToken = null, string? AdminAgentId = null, string? AdminQueueId = null);

/// <summary>The four kinds of caller a route can meet: every operation is fuzzed as each of them.</summary>
public static class CallerRoles
{
    public const string Anonymous = "anonymous", EndUser = "end user", Agent = "agent", Supervisor = "supervisor", Admin = "admin";
    public static readonly string[] All = [Anonymous, EndUser, Agent, Supervisor, Admin];
}

/// <summary>One generated request and why it must be refused (if it must).</summary>
public sealed class PlannedRequest
{
    public required Operation Operation { get; init; }
    public required int Number { get; init; }
    public string Method { get; set; } = "";
    public bool MethodBreaks { get; set; }
    public Dictionary<string, (string Value, bool Breaks)> PathValues { get; } = [];
    public string Query { get; set; } = "";
    public Func<string, string> Decorate { get; set; } = p => p;
    public bool DecorationBreaks { get; set; }
    public string? Scheme { get; set; } = "Bearer";
    public string? Token { get; set; }
    public bool TokenBreaks { get; set; }
    /// <summary>Who the token says the caller is (<see cref="CallerRoles"/>): forged or missing tokens are anonymous.</summary>
    public string CallerRole { get; set; } = CallerRoles.Anonymous;
    public List<(string Name, string Value)> Headers { get; } = [];
    /// <summary>A huge body announced with "Expect: 100-continue", so the server can refuse it before it is sent.</summary>
    public bool ExpectContinue { get; set; }
    /// <summary>
    /// A huge body sent without asking first: the server may answer and close the connection
    /// while it is still being sent, which the client sees as a broken connection, not an answer.
    /// </summary>
    public bool ConnectionMayBeCut => Mutations.Any(m => m.StartsWith("12 MB")) && !ExpectContinue;
    public Func<HttpContent?> Body { get; set; } = () => null;
    public bool BodyBreaks { get; set; }
    public List<string> Mutations { get; } = [];

    /// <summary>At least one part of the request is such that the gateway must refuse it, whoever sends it.</summary>
    public bool MustBeRefused => MethodBreaks || DecorationBreaks || TokenBreaks || BodyBreaks || PathValues.Values.Any(v => v.Breaks);

    public string Path
    {
        get
        {
            var path = Operation.Template;
            foreach (var (name, (value, _)) in PathValues) path = path.Replace("{" + name + "}", value);
            return Decorate(path) + Query;
        }
    }

    public HttpRequestMessage Build()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path) { Content = Body() };
        if (Scheme is not null && Token is not null)
            request.Headers.TryAddWithoutValidation("Authorization", $"{Scheme} {Token}".TrimEnd());
        if (ExpectContinue) request.Headers.ExpectContinue = true;
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public override string ToString() =>
        $"#{Number} {Method} {Truncate(Path, 160)} as {CallerRole} [{string.Join(", ", Mutations)}]{(MustBeRefused ? " (must be refused)" : "")}";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + $"...({s.Length} chars)";
}

/// <summary>
/// A deterministic generator of malformed requests: every operation of the OpenAPI document in
/// turn, each with random mutations (seeded) of its token, path, query, body, content type and
/// method. A request that would otherwise be valid and change something always gets one more
/// mutation that the gateway must refuse, so the barrage as a whole may change nothing.
/// </summary>
public sealed class MalformedRequestGenerator(IReadOnlyList<Operation> operations, BarrageTargets targets, int seed)
{
    /// <summary>
    /// Product bug (reported; see MalformedRequestTests.Request_a_body_missing_a_required_field_is_refused_not_defaulted):
    /// a missing enum, boolean or number field binds to its default value instead of being refused.
    /// Until fixed, leaving such a field out does not count as a mutation the gateway must refuse.
    /// </summary>
    public const bool MissingValueFieldsAreRefused = true;

    /// <summary>
    /// Product bug (reported; see MalformedRequestTests.Request_a_whitespace_id_in_the_route_is_refused_not_a_500):
    /// a route id made only of whitespace reaches Orleans' GetGrain, which throws, and the caller gets a 500.
    /// Until fixed, the barrage leaves whitespace-only ids out so it can check everything else.
    /// </summary>
    public const bool WhitespaceRouteIdsAreRefused = true;

    public const int HugeBodyBytes = 12 * 1024 * 1024;
    public const int LongPathChars = 10_000;

    private readonly Random _random = new(seed);
    private static readonly Lazy<string> HugeString = new(() => new string('z', HugeBodyBytes));
    private static readonly Lazy<byte[]> HugeFile = new(() => new byte[HugeBodyBytes]);

    public static readonly string[] WhitespaceSegments = ["%20", "%09", "%0A%0D", "%20%20%20"];

    private static readonly string[] JunkSegments =
    [
        .. WhitespaceRouteIdsAreRefused ? WhitespaceSegments : [],
        "%01%02%1F%7F", "%E2%80%AE%E2%80%8B", "%F0%9F%92%A9", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e", ".", "%25%25%25", "a%3Fb%3Dc%23d", "%27%20OR%201%3D1--", "null", "undefined",
        "-1", "0", "NaN", "%7B%7D", "%5B%5D", "CON", "%C3%28", "%FF%FE", "x%01y", "very%20long%20" + new string('s', 200),
    ];

    private static readonly string[] MalformedJson =
    [
        "{", "}", "{\"text\":", "{'text':'x'}", "{\"text\":\"x\",}", "]", "nul", "{\"text\":\"\\uZZZZ\"}", "{\"a\":1 \"b\":2}",
        "{\"text\" \"x\"}", "\"unterminated", "{\"text\":\"x\"}}", "<xml/>", "text=hello", "{\"mode\":Monitor}", "{\"n\":01}",
        "{\"n\":NaN}", "{\"n\":Infinity}", "/* c */ {}", "{\"x\":\"\u0001\"}",
    ];

    public List<PlannedRequest> Generate(int count)
    {
        var requests = new List<PlannedRequest>(count);
        for (var i = 0; i < count; i++) requests.Add(Next(i, operations[i % operations.Count]));
        return requests;
    }

    private PlannedRequest Next(int number, Operation operation)
    {
        var plan = new PlannedRequest { Operation = operation, Number = number, Method = operation.Method };
        foreach (var name in operation.PathParams) plan.PathValues[name] = (ValidPathValue(name, operation), false);
        SetToken(plan, DefaultCaller(operation.Audience), "default caller");
        // Every other round over the operations comes from one kind of caller in turn, whoever
        // the route is for: each operation meets anonymous, end-user, agent, supervisor and admin callers.
        var roles = CallerRoles.All.Length;
        var slot = number / operations.Count % (2 * roles);
        if (slot >= roles) SetToken(plan, CallerOf(CallerRoles.All[slot - roles]), null);
        if (operation.JsonBody is { } fields) SetJson(plan, BaseBody(fields), false, "valid body");
        if (operation.Multipart) SetBody(plan, () => Http.TextFile(), false, "valid file");

        var mutations = 1 + _random.Next(3);
        for (var m = 0; m < mutations; m++) Pick(Applicable(operation))(plan);

        // About one request in a hundred carries a 12 MB body.
        if (_random.Next(100) == 0 && (operation.JsonBody is not null || operation.Multipart)) HugeBody(plan);

        if (!operation.IsRead && !plan.MustBeRefused) Pick(Breaking(operation))(plan);
        return plan;
    }

    // Families of mutations ----------------------------------------------------------------------

    private List<Action<PlannedRequest>> Applicable(Operation operation)
    {
        var families = new List<Action<PlannedRequest>> { AnyToken, AnyToken, Method, Decoration, OddHeaders };
        if (operation.PathParams.Count > 0) families.AddRange([AnyPath, AnyPath]);
        if (operation.QueryParams.Count > 0) families.AddRange([Query, Query]);
        if (operation.JsonBody is not null)
            families.AddRange([JsonSyntax, JsonSyntax, JsonShape, FieldType, FieldType, FieldValue, FieldValue, MissingFields, NullFields, ExtraFields, ContentType, Utf16]);
        if (operation.Multipart) families.AddRange([Multipart, Multipart, ContentType]);
        if (operation.JsonBody is null && !operation.Multipart) families.Add(UnexpectedBody);
        if (!operation.IsRead) families.Add(NoiseQuery);
        return families;
    }

    private List<Action<PlannedRequest>> Breaking(Operation operation)
    {
        var families = new List<Action<PlannedRequest>> { BreakingMethod };
        if (operation.Audience != Audience.Anonymous) families.AddRange([BreakingToken, BreakingToken]);
        if (operation.PathParams.Count > 0) families.AddRange([BreakingPath, BreakingPath]);
        if (operation.JsonBody is not null) families.AddRange([JsonSyntax, JsonShape, FieldType, BreakingFieldValue, BreakingContentType, NullFields]);
        if (operation.Multipart) families.AddRange([BreakingMultipart, BreakingContentType]);
        return families;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    // Tokens

    private string DefaultCaller(Audience audience) => audience switch
    {
        Audience.Agent => "alice",
        Audience.Supervisor => "sam",
        Audience.EndUser => "end user",
        Audience.Admin => "ada",
        _ => "none",
    };

    private static readonly string[] ForgedCallers = ["none", "garbage", "empty bearer", "basic", "other key", "expired", "tampered", "alg none", "two tokens"];
    private static readonly string[] GenuineCallers = ["alice", "bob", "carol", "dave", "erin", "sam", "ada", "end user", "other end user"];
    private static readonly string[] Agents = ["alice", "bob", "carol", "dave", "erin"];

    private string CallerOf(string role) => role switch
    {
        CallerRoles.Anonymous => Pick(ForgedCallers),
        CallerRoles.EndUser => Pick(["end user", "other end user"]),
        CallerRoles.Agent => Pick(Agents),
        CallerRoles.Admin => "ada",
        _ => "sam",
    };

    private static string RoleOf(string caller) => caller switch
    {
        "end user" or "other end user" => CallerRoles.EndUser,
        "sam" => CallerRoles.Supervisor,
        "ada" => CallerRoles.Admin,
        _ when Agents.Contains(caller) => CallerRoles.Agent,
        _ => CallerRoles.Anonymous,
    };

    private void AnyToken(PlannedRequest plan) =>
        SetToken(plan, Pick(_random.Next(2) == 0 ? ForgedCallers : GenuineCallers), null);

    private void BreakingToken(PlannedRequest plan)
    {
        var candidates = ForgedCallers.Concat(GenuineCallers).Where(c => TokenBreaks(plan.Operation.Audience, c)).ToList();
        SetToken(plan, Pick(candidates), null);
    }

    private static bool TokenBreaks(Audience audience, string caller) => audience switch
    {
        Audience.Anonymous => false,
        _ when ForgedCallers.Contains(caller) => true,
        Audience.EndUser => caller is not ("end user" or "other end user"),
        Audience.Supervisor => caller != "sam",
        Audience.Admin => caller != "ada",
        _ => caller is "end user" or "other end user",
    };

    private void SetToken(PlannedRequest plan, string caller, string? label)
    {
        plan.Scheme = "Bearer";
        plan.Headers.RemoveAll(h => h.Name == "Authorization");
        plan.Token = caller switch
        {
            "none" => null,
            "garbage" => Pick(["garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.", new string('x', 4000), "Bearer Bearer"]),
            "empty bearer" => "",
            "basic" => null,
            "other key" => Tokens.Sign(Tokens.AgentClaims("alice", "supervisor"), key: Tokens.OtherKey),
            "expired" => Tokens.Sign(Tokens.AgentClaims("alice", "supervisor"), validFrom: TimeSpan.FromHours(-5), lifetime: TimeSpan.FromHours(1)),
            "tampered" => Tokens.Tampered(targets.GenuineAgentToken, p => p.Replace("\"agent\"", "\"supervisor\"")),
            "alg none" => Tokens.Unsigned(targets.GenuineAgentToken),
            "two tokens" => targets.GenuineAgentToken,
            "end user" => targets.EndUserToken,
            "other end user" => targets.OtherEndUserToken,
            "ada" => targets.AdminToken ?? throw new InvalidOperationException("The barrage has no admin token."),
            _ => targets.AgentTokens[caller],
        };
        if (caller == "basic")
        {
            plan.Scheme = "Basic";
            plan.Token = Convert.ToBase64String("alice:password"u8.ToArray());
        }
        if (caller == "empty bearer") plan.Token = "";
        // Two Authorization headers, the second the supervisor's: neither may be picked.
        if (caller == "two tokens") plan.Headers.Add(("Authorization", $"Bearer {targets.AgentTokens["sam"]}"));
        plan.TokenBreaks = TokenBreaks(plan.Operation.Audience, caller);
        plan.CallerRole = RoleOf(caller);
        plan.Mutations.Add($"token={label ?? caller}");
    }

    // Path

    private string ValidPathValue(string name, Operation operation) => name switch
    {
        "agentId" when operation.Audience == Audience.Admin => targets.AdminAgentId ?? "no-admin-agent",
        "queueId" when operation.Audience == Audience.Admin => targets.AdminQueueId ?? "no-admin-queue",
        "chatId" => targets.ChatId,
        "inviteId" => targets.InviteId,
        // A transfer offer is an entry of the chat's invite list; the invite's id reaches the offer routes' checks (T9).
        "offerId" => targets.InviteId,
        // No webhook endpoint is registered in the fuzzed gateway: an unknown id reaches the admin check and the 404.
        "endpointId" => "wh-fuzz-unknown",
        "articleId" => targets.ArticleId,
        "attachmentId" => targets.AttachmentId,
        "queueId" => targets.QueueId,
        _ => throw new InvalidOperationException($"No reference value for path parameter {name}."),
    };

    private void AnyPath(PlannedRequest plan)
    {
        if (plan.Operation.PathParams.Contains("chatId") && targets.OtherAgentsChatId is { } other && _random.Next(5) == 0)
        {
            // A chat of other people (dave's): refused to anyone not in it, and left unchanged in any case.
            plan.PathValues["chatId"] = (other, false);
            plan.Mutations.Add("chatId=other people's chat");
        }
        else if (_random.Next(4) == 0)
        {
            var name = Pick(plan.Operation.PathParams);
            plan.PathValues[name] = (ValidPathValue(name, plan.Operation), false);
            plan.Mutations.Add($"{name}=reference");
        }
        else BreakingPath(plan);
    }

    private void BreakingPath(PlannedRequest plan)
    {
        var name = Pick(plan.Operation.PathParams);
        var reference = ValidPathValue(name, plan.Operation);
        var (value, label) = _random.Next(9) switch
        {
            0 => (RandomId(), "unknown"),
            1 => (new string(Enumerable.Range(0, 1000).Select(_ => (char)('a' + _random.Next(26))).ToArray()), "1000 chars"),
            // Longer than Kestrel's request line (8 KB): refused by the server before the app sees it.
            2 => (new string('L', LongPathChars), $"{LongPathChars} chars"),
            3 => (string.Concat(Enumerable.Repeat("%F0%9F%92%A9", 100)), "100 emoji"),
            // The reference id, disguised: bidi override around it, a zero-width or control character in it.
            4 => ($"%E2%80%AE{reference}%E2%80%AC", "bidi-wrapped reference"),
            5 => (reference.Insert(reference.Length / 2, Pick(["%E2%80%8B", "%01", "%7F", "%0D%0A", "%C2%A0"])), "reference with a hidden character"),
            6 => (Pick([$"..%2F{reference}", $"{reference}%2F..", $"%2e%2e%2f%2e%2e%2f{reference}", $"{reference}%5C..%5C", "%2E%2E"]), "dot segments"),
            _ => (Pick(JunkSegments), "junk"),
        };
        plan.PathValues[name] = (value, true);
        plan.Mutations.Add($"{name}={label}");
    }

    private string RandomId()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString("N");
    }

    // Query

    private void Query(PlannedRequest plan)
    {
        if (_random.Next(4) == 0)
        {
            var name = Pick(plan.Operation.QueryParams);
            plan.Query = "?" + string.Join("&", Enumerable.Range(0, 2 + _random.Next(50)).Select(i => $"{name}={QueryJunk(name)}"));
            plan.Mutations.Add($"{name} repeated");
            return;
        }
        var parts = plan.Operation.QueryParams.Where(_ => _random.Next(2) == 0).Select(name => $"{name}={QueryJunk(name)}").ToList();
        if (parts.Count == 0) parts.Add($"{Pick(plan.Operation.QueryParams)}={QueryJunk("")}");
        plan.Query = "?" + string.Join("&", parts);
        plan.Mutations.Add("query junk");
    }

    private string QueryJunk(string name) => Pick(name == "q"
        ? ["", "%25", "%01", new string('q', 101), new string('q', 5000), "%E2%80%AE", "*", "a%26b%3Dc"]
        : new[] { "abc", "-1", "-9223372036854775808", "9223372036854775807", "99999999999999999999", "1.5", "", "true", "maybe", "0x10", "1e3", "%20", "1&after=2" });

    private void NoiseQuery(PlannedRequest plan)
    {
        plan.Query = $"?chatId={RandomId()}&agentId=bob&inviteeId=carol&role=supervisor";
        plan.Mutations.Add("identity in query");
    }

    // Method and path decoration

    private void Method(PlannedRequest plan)
    {
        if (_random.Next(2) == 0) BreakingMethod(plan);
        else
        {
            var (decorate, label) = _random.Next(2) == 0 ? ((Func<string, string>)(p => p + "/"), "trailing slash") : (p => p.ToUpperInvariant(), "upper case");
            plan.Decorate = decorate;
            plan.DecorationBreaks = false;
            plan.Mutations.Add(label);
        }
    }

    private void BreakingMethod(PlannedRequest plan)
    {
        plan.Method = Pick(["PATCH", "OPTIONS", "TRACE", "PROPFIND"]);
        plan.MethodBreaks = true;
        plan.Mutations.Add($"method={plan.Method}");
    }

    private void Decoration(PlannedRequest plan)
    {
        // Dot segments and encoded slashes may normalise back to the route itself: not counted as refusals.
        var (decorate, breaks, label) = Pick<(Func<string, string>, bool, string)>(
        [
            (p => p + "/zz-unknown", true, "unknown segment"),
            (p => "/api/v0" + p[4..], true, "unknown version"),
            (p => p.Replace("/api/", "/api/%2e%2e/api/"), false, "dot segment"),
            (p => p + "%2F", false, "encoded slash"),
        ]);
        plan.Decorate = decorate;
        plan.DecorationBreaks = breaks;
        plan.Mutations.Add(label);
    }

    // Bodies

    private static JsonObject BaseBody(IReadOnlyList<BodyField> fields)
    {
        var body = new JsonObject();
        foreach (var field in fields)
        {
            body[field.Name] = field.Kind switch
            {
                FieldKind.Enum => field.EnumValues[^1],
                FieldKind.Bool => true,
                FieldKind.Int => 3,
                FieldKind.Text or FieldKind.OptionalText => "hello",
                _ => field.Name switch
                {
                    "inviteeId" => "bob",
                    "articleId" => "kb-102",
                    "cannedResponseId" => "greeting",
                    "toAgentId" => "carol",
                    "toQueueId" => null,
                    "queueId" => "billing",
                    "agentId" => "alice",
                    _ => "x",
                },
            };
        }
        return body;
    }

    private static void SetBody(PlannedRequest plan, Func<HttpContent?> body, bool breaks, string label)
    {
        plan.Body = body;
        plan.BodyBreaks = breaks;
        plan.Mutations.Add(label);
    }

    private static void SetJson(PlannedRequest plan, JsonNode? json, bool breaks, string label)
    {
        var text = json?.ToJsonString() ?? "null";
        SetBody(plan, () => Http.Json(text), breaks, label);
    }

    private static void SetRaw(PlannedRequest plan, string raw, string label, string contentType = "application/json") =>
        SetBody(plan, () => Http.Json(raw, contentType), true, label);

    private void UnexpectedBody(PlannedRequest plan) =>
        SetBody(plan, () => Http.Json("{\"agentId\":\"bob\",\"chatId\":\"x\"}"), false, "body on a body-less route");

    private void JsonSyntax(PlannedRequest plan)
    {
        switch (_random.Next(7))
        {
            case 0:
                SetRaw(plan, new string('[', 10_000), "nested 10000 deep");
                break;
            case 4:
            {
                // Well-formed, but deeper than any body of ours: as the first field's value.
                var depth = Pick([65, 1_000, 20_000]);
                var deepField = plan.Operation.JsonBody![0].Name;
                var nested = new StringBuilder();
                for (var i = 0; i < depth; i++) nested.Append("{\"a\":");
                nested.Append('1').Append('}', depth);
                var valid = BaseBody(plan.Operation.JsonBody!).ToJsonString();
                SetRaw(plan, "{" + $"\"{deepField}\":{nested}," + valid[1..], $"{deepField} nested {depth} deep");
                break;
            }
            case 5:
            {
                // The valid body cut short.
                var valid = BaseBody(plan.Operation.JsonBody!).ToJsonString();
                var cut = 1 + _random.Next(valid.Length - 1);
                SetRaw(plan, valid[..cut], $"truncated at {cut} of {valid.Length}");
                break;
            }
            case 1:
                // The body is otherwise valid; the first field's value is not UTF-8.
                var body = BaseBody(plan.Operation.JsonBody!);
                var field = plan.Operation.JsonBody![0].Name;
                body[field] = "@@";
                var bytes = Encoding.UTF8.GetBytes(body.ToJsonString()).ToList();
                var at = bytes.IndexOf((byte)'@');
                bytes[at] = 0xC3;
                bytes[at + 1] = 0x28;
                bytes.Insert(at + 1, 0xFF);
                var raw = bytes.ToArray();
                SetBody(plan, () => { var c = new ByteArrayContent(raw); c.Headers.ContentType = new("application/json"); return c; }, true, $"{field} not UTF-8");
                break;
            default:
                SetRaw(plan, Pick(MalformedJson), "malformed JSON");
                break;
        }
    }

    private void JsonShape(PlannedRequest plan)
    {
        var fields = plan.Operation.JsonBody!;
        switch (_random.Next(8))
        {
            case 0: SetRaw(plan, "[]", "array body"); break;
            case 1: SetRaw(plan, "[" + BaseBody(fields).ToJsonString() + "]", "array of valid body"); break;
            case 2: SetRaw(plan, "42", "number body"); break;
            case 3: SetRaw(plan, "\"text\"", "string body"); break;
            case 4: SetRaw(plan, "true", "boolean body"); break;
            case 5: SetRaw(plan, "null", "null body"); break;
            case 6: SetRaw(plan, "", "empty body"); break;
            default: SetBody(plan, () => null, true, "no body"); break;
        }
    }

    private void FieldType(PlannedRequest plan)
    {
        var fields = plan.Operation.JsonBody!;
        var body = BaseBody(fields);
        var field = Pick(fields);
        if (_random.Next(3) == 0)
        {
            // Numbers no .NET type holds, written as JSON text (a JsonNode could not carry them).
            var raw = Pick(["1e400", "-1e400", "123456789012345678901234567890", "0.000000000000000000000000000001e-400", "1E+2147483648"]);
            body[field.Name] = "\u0000raw";
            var text = body.ToJsonString().Replace("\"\\u0000raw\"", raw);
            SetBody(plan, () => Http.Json(text), true, $"{field.Name}={raw}");
            return;
        }
        JsonNode? wrong = field.Kind switch
        {
            FieldKind.Bool => Pick<JsonNode?>(["true", 1, 0.5, new JsonObject(), new JsonArray(), null]),
            FieldKind.Int => Pick<JsonNode?>(["abc", true, 1.5, 1e40, new JsonObject(), new JsonArray(), null, "1e3"]),
            // An enum is its name: the number behind a name is not an answer (R6: "any other answer is refused").
            FieldKind.Enum => Pick<JsonNode?>([true, 1.5, 0, 1, new JsonObject(), new JsonArray(field.EnumValues[0]), null]),
            _ => Pick<JsonNode?>([123, true, 1.5, new JsonObject { ["$ne"] = "" }, new JsonArray("a", "b")]),
        };
        body[field.Name] = wrong;
        SetJson(plan, body, true, $"{field.Name} of a wrong type");
    }

    private void FieldValue(PlannedRequest plan)
    {
        if (_random.Next(3) == 0)
        {
            // Valid but odd values: the body stays acceptable.
            var fields = plan.Operation.JsonBody!.Where(f => f.Kind is FieldKind.Text or FieldKind.OptionalText).ToList();
            if (fields.Count > 0)
            {
                var body = BaseBody(plan.Operation.JsonBody!);
                var field = Pick(fields);
                body[field.Name] = Pick(["<script>alert(1)</script>", "'; DROP TABLE chats; --", "\u202Eevil", "💩💩", "{{7*7}}", "${jndi:ldap://x}", "\\u0000"]);
                SetJson(plan, body, false, $"{field.Name} odd but valid");
                return;
            }
        }
        BreakingFieldValue(plan);
    }

    private void BreakingFieldValue(PlannedRequest plan)
    {
        var fields = plan.Operation.JsonBody!;
        var body = BaseBody(fields);
        var field = Pick(fields);
        JsonNode? value = field.Kind switch
        {
            FieldKind.Id => Pick<JsonNode?>(["", "   ", "ghost-" + RandomId(), new string('i', 129), new string('i', 5000), "\u0001id", "bob\n"]),
            FieldKind.Text => Pick<JsonNode?>(["", "   ", new string('t', 4001), new string('t', 5000), null]),
            FieldKind.OptionalText => Pick<JsonNode?>(["", "   ", new string('t', 5000)]),
            FieldKind.Enum => Pick<JsonNode?>(["Spectator", "", "Monitor!!", "Participant Monitor", 42, -1, 999999999, "0", "1", " 1",
                string.Join(", ", field.EnumValues), string.Join(",", field.EnumValues.AsEnumerable().Reverse())]),
            FieldKind.Bool => Pick<JsonNode?>(["yes", 2]),
            // A queue's retention (E1) takes 1-3650 days; other numbers (capacity) stop at 50.
            _ when field.Name == "days" => Pick<JsonNode?>([-1, 0, 3651, int.MaxValue, int.MinValue]),
            _ => Pick<JsonNode?>([-1, 51, int.MaxValue, int.MinValue]),
        };
        body[field.Name] = value;
        var label = value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 100 ? $"{s.Length} chars" : value?.ToJsonString() ?? "null";
        SetJson(plan, body, true, $"{field.Name}={label}");
    }

    /// <summary>
    /// Ids a body may leave out: an offer's other queue (T1), and the data-protection subject's
    /// fields, which name an end user by siteId and customerId or by endUserId (E3): without
    /// endUserId the base body's siteId and customerId name a visitor, and its chats may be listed.
    /// </summary>
    private static readonly HashSet<string> OptionalIds = ["toQueueId", "siteId", "customerId", "endUserId"];

    private void MissingFields(PlannedRequest plan)
    {
        var fields = plan.Operation.JsonBody!;
        var body = BaseBody(fields);
        var removed = _random.Next(3) == 0 ? fields.ToList() : [Pick(fields)];
        foreach (var field in removed) body.Remove(field.Name);
        var breaks = removed.Any(f => f.Kind is FieldKind.Id or FieldKind.Text && !OptionalIds.Contains(f.Name))
            || (MissingValueFieldsAreRefused && removed.Any(f => f.Kind is FieldKind.Enum or FieldKind.Bool or FieldKind.Int));
        SetJson(plan, body, breaks, $"missing {string.Join("+", removed.Select(f => f.Name))}");
    }

    private void NullFields(PlannedRequest plan)
    {
        var fields = plan.Operation.JsonBody!;
        var body = new JsonObject();
        foreach (var field in fields) body[field.Name] = null;
        SetJson(plan, body, fields.Any(f => f.Kind != FieldKind.OptionalText), "every field null");
    }

    private void Utf16(PlannedRequest plan)
    {
        // A valid body in UTF-16, saying so: may be understood or refused, never a 5xx.
        var bytes = Encoding.Unicode.GetBytes(BaseBody(plan.Operation.JsonBody!).ToJsonString());
        SetBody(plan, () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-16");
            return content;
        }, false, "utf-16 body");
    }

    private static readonly (string Name, string Value)[] Oddities =
    [
        ("X-Forwarded-For", "127.0.0.1, 10.0.0.1, garbage"), ("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Proto", "gopher"),
        ("X-HTTP-Method-Override", "DELETE"), ("X-Original-URL", "/api/supervisor/queues"), ("X-Rewrite-URL", "/api/me"),
        ("Origin", "https://evil.example"), ("Accept", "application/xml"), ("Accept", "*/*;q=garbage"),
        ("Accept-Charset", "utf-7"), ("Accept-Encoding", "gzip;q=1.0, br, zstd, *;q=0"), ("Range", "bytes=0-0,-1,5-"),
        ("If-None-Match", "*"), ("If-Modified-Since", "yesterday"), ("Cookie", "session=" + new string('c', 3000)),
        ("X-Agent-Id", "sam"), ("X-User-Role", "supervisor"), ("Content-Encoding", "gzip"), ("Content-Language", "xx"),
        ("Max-Forwards", "-1"),
    ];

    private void OddHeaders(PlannedRequest plan)
    {
        for (var i = 1 + _random.Next(3); i > 0; i--)
        {
            var header = Pick(Oddities);
            plan.Headers.Add(header);
            plan.Mutations.Add($"header {header.Name}: {(header.Value.Length > 40 ? header.Value[..40] + "..." : header.Value)}");
        }
    }

    private void ExtraFields(PlannedRequest plan)
    {
        var body = BaseBody(plan.Operation.JsonBody!);
        body["agentId"] = "bob";
        body["chatId"] = RandomId();
        body["role"] = "supervisor";
        body["__proto__"] = new JsonObject { ["isAdmin"] = true };
        SetJson(plan, body, false, "extra identity fields");
    }

    private void ContentType(PlannedRequest plan)
    {
        if (_random.Next(4) == 0)
        {
            // A JSON type with parameters is still JSON.
            var text = (plan.Operation.JsonBody is { } f ? BaseBody(f) : new JsonObject()).ToJsonString();
            if (plan.Operation.JsonBody is not null)
            {
                SetBody(plan, () => Http.Json(text, "application/json; charset=utf-8"), false, "json with charset");
                return;
            }
        }
        BreakingContentType(plan);
    }

    private void BreakingContentType(PlannedRequest plan)
    {
        var json = (plan.Operation.JsonBody is { } fields ? BaseBody(fields) : new JsonObject()).ToJsonString();
        var type = Pick(plan.Operation.Multipart
            ? new[] { "application/json", "text/plain", "application/x-www-form-urlencoded" }
            : ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream"]);
        if (_random.Next(5) == 0)
            SetBody(plan, () => new ByteArrayContent(Encoding.UTF8.GetBytes(json)), true, "no content type");
        else
            SetRaw(plan, json, $"content type {type}", type);
    }

    private void Multipart(PlannedRequest plan)
    {
        if (_random.Next(4) == 0)
        {
            var name = Pick(["../../etc/passwd", "..\\..\\boot.ini", "ünïcödé 💩.txt", "con.txt", "a\u202Etxt.exe"]);
            SetBody(plan, () => Http.File("hello"u8.ToArray(), fileName: name), false, "odd but valid file name");
        }
        else BreakingMultipart(plan);
    }

    private void BreakingMultipart(PlannedRequest plan)
    {
        switch (_random.Next(8))
        {
            case 0: SetBody(plan, () => Http.File("hello"u8.ToArray(), field: "upload"), true, "file in another field"); break;
            case 1: SetBody(plan, () => Http.File([]), true, "empty file"); break;
            case 2:
                var type = Pick(["application/x-msdownload", "text/html", "image/svg+xml", "application/javascript", "text/plain2"]);
                SetBody(plan, () => Http.File("MZ"u8.ToArray(), contentType: type), true, $"file of type {type}");
                break;
            case 3: SetBody(plan, () => Http.File("hello"u8.ToArray(), fileName: new string('n', 300) + ".txt"), true, "300-char file name"); break;
            case 4: SetRaw(plan, "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end", "truncated multipart", "multipart/form-data; boundary=x"); break;
            case 5: SetRaw(plan, "garbage", "multipart without boundary", "multipart/form-data"); break;
            case 6: SetBody(plan, () => new MultipartFormDataContent(), true, "empty form"); break;
            default: SetRaw(plan, new string('-', 1000), "garbage multipart", "multipart/form-data; boundary=" + new string('b', 70)); break;
        }
    }

    private void HugeBody(PlannedRequest plan)
    {
        plan.ExpectContinue = _random.Next(2) == 0;
        if (plan.Operation.Multipart)
        {
            SetBody(plan, () => Http.File(HugeFile.Value), true, "12 MB file");
            return;
        }
        var fields = plan.Operation.JsonBody!;
        var field = fields[0];
        var prefix = "{" + $"\"{field.Name}\":\"";
        SetBody(plan, () =>
        {
            var content = new StringContent(prefix + HugeString.Value + "\"}", Encoding.UTF8);
            content.Headers.ContentType = new("application/json");
            return content;
        }, true, $"12 MB {field.Name}");
    }
}
