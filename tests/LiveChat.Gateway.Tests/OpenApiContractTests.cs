namespace LiveChat.Gateway.Tests;

using System.Text.RegularExpressions;

/// <summary>
/// The served OpenAPI document is a contract a generated client can use: Spectral's OpenAPI rules
/// find nothing, every operation is named, described by its rules, declares its problems (with
/// ruleId) and examples, and says whether it needs the bearer token. The reference page renders it.
/// Read over raw HTTP on purpose: the document and its pages are what is tested, not the API.
/// </summary>
public sealed partial class OpenApiContractTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    /// <summary>The only routes without a token: what a browser needs to sign in, and starting a chat.</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "GET /api/auth/config", "POST /api/auth/demo-sign-in", "POST /api/enduser/chats",
        // B2, O1: a visitor asks whether the queue is open, and leaves a message, before it has a chat token.
        "GET /api/enduser/queues/{queueId}/availability", "POST /api/enduser/offline-messages",
    ];

    private async Task<JsonElement> Document()
    {
        using var http = gateway.Anonymous();
        return await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject().Select(op => ($"{op.Name.ToUpperInvariant()} {path.Name}", op.Value)));

    [SkippableFact]
    public async Task Spectral_oas_ruleset_finds_no_error_or_warning_in_the_served_document()
    {
        SpectralLinter.EnsureInstalled();
        using var http = gateway.Anonymous();
        var document = await http.GetStringAsync("/openapi/v1.json");

        var findings = await SpectralLinter.Lint(document);

        Assert.True(findings.Count == 0, $"Spectral (spectral:oas) found {findings.Count}:\n{string.Join('\n', findings.Take(40))}");
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_its_rules_its_problems_and_examples()
    {
        var document = await Document();
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 50, $"only {operations.Count} operations");
        var ids = new HashSet<string>();
        foreach (var (name, operation) in operations)
        {
            Assert.True(ids.Add(operation.GetProperty("operationId").GetString()!), $"{name}: operationId repeated");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), name);
            Assert.Single(operation.GetProperty("tags").EnumerateArray());
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "400", "429", "503" })
                AssertProblem(name, responses, status);
            if (operation.TryGetProperty("requestBody", out var body))
            {
                AssertProblem(name, responses, "413");
                if (body.GetProperty("content").TryGetProperty("application/json", out var json))
                    Assert.True(json.TryGetProperty("example", out _), $"{name}: request body without an example");
            }
            foreach (var response in responses.EnumerateObject().Where(r => r.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/json", out _)))
                Assert.True(response.Value.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _), $"{name} {response.Name}: no example");
            if (name != "GET /api/auth/config")
                Assert.Matches(RulesLine(), operation.GetProperty("description").GetString()!);
        }
    }

    [Fact]
    public async Task Signed_in_operations_need_the_bearer_scheme_and_anonymous_ones_do_not()
    {
        var document = await Document();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        foreach (var (name, operation) in Operations(document))
        {
            var secured = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _));
            Assert.True(secured != Anonymous.Contains(name), $"{name}: bearer {(secured ? "required" : "missing")}");
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _) || !secured, $"{name}: no 401");
        }
    }

    [Fact]
    public async Task Problems_carry_ruleId_in_the_schema_and_in_the_examples()
    {
        var document = await Document();
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        Assert.True(problem.GetProperty("properties").TryGetProperty("ruleId", out _));
        Assert.Contains("ruleId", problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));

        var invite = document.GetProperty("paths").GetProperty("/api/chats/{chatId}/invites").GetProperty("post");
        Assert.Equal("createInvite", invite.GetProperty("operationId").GetString());
        var refused = invite.GetProperty("responses").GetProperty("403").GetProperty("content").GetProperty("application/problem+json").GetProperty("example");
        Assert.Equal("R2", refused.GetProperty("ruleId").GetString());
        var limited = invite.GetProperty("responses").GetProperty("429").GetProperty("content").GetProperty("application/problem+json").GetProperty("example");
        Assert.Equal("RateLimit", limited.GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task Api_docs_serves_the_Scalar_reference_with_a_policy_that_lets_its_script_run()
    {
        using var http = gateway.Anonymous();
        var page = await http.GetAsync("/api-docs/");
        Assert.Equal(200, (int)page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("scalar.js", html);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);

        // The inline start-up script runs only if its nonce is the one the policy allows.
        var nonce = Assert.Single(ScriptNonces().Matches(html).Select(m => m.Groups[1].Value).Distinct());
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"script-src 'self' 'nonce-{nonce}'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);

        var script = await http.GetAsync("/api-docs/scalar.js");
        Assert.Equal(200, (int)script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType);

        // Another request, another nonce; and the consoles keep the strict policy.
        var again = Assert.Single((await http.GetAsync("/api-docs/")).Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain(nonce, again);
        Assert.DoesNotContain("nonce-", Assert.Single((await http.GetAsync("/agent.html")).Headers.GetValues("Content-Security-Policy")));
    }

    private static void AssertProblem(string operation, JsonElement responses, string status)
    {
        Assert.True(responses.TryGetProperty(status, out var response), $"{operation}: no {status} response");
        var media = response.GetProperty("content").GetProperty("application/problem+json");
        Assert.Equal("#/components/schemas/ProblemDetails", media.GetProperty("schema").GetProperty("$ref").GetString());
        Assert.False(string.IsNullOrEmpty(media.GetProperty("example").GetProperty("ruleId").GetString()), $"{operation} {status}: example without ruleId");
    }

    [GeneratedRegex(@"Rules: [A-Za-z0-9]+(, [A-Za-z0-9]+)* \(see docs/rules\.md\)\.$")]
    private static partial Regex RulesLine();

    [GeneratedRegex("<script[^>]*nonce=\"([^\"]+)\"")]
    private static partial Regex ScriptNonces();
}
