namespace LiveChat.Gateway.Security.Tests;

using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// Identified visitors: a host website signs a short-lived JWT with its site secret naming the
/// customer; a chat started with it carries that verified identity. A token that is forged,
/// expired, too long-lived, for another audience, from an unknown site or unsigned is refused
/// (401, rule "Visitor") and starts no chat.
/// </summary>
public sealed class IdentifiedVisitorTests : IClassFixture<IdentifiedVisitorTests.Gateway>
{
    public const string Site = "shop";
    public const string SiteSecret = "the-shop-servers-visitor-secret-0123456789abcdef";

    /// <summary>The real gateway with one host website ("shop") allowed to vouch for its visitors.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new();

        public Gateway() => Factory.Settings[$"Gateway:Visitors:Sites:{Site}:Secret"] = SiteSecret;

        public Task InitializeAsync() => ((IAsyncLifetime)Factory).InitializeAsync();

        public Task DisposeAsync() => ((IAsyncLifetime)Factory).DisposeAsync();
    }

    private readonly GatewayFactory _gateway;

    public IdentifiedVisitorTests(Gateway gateway) => _gateway = gateway.Factory;

    [Fact]
    public async Task Visitor_a_chat_started_with_a_site_signed_token_carries_the_verified_customer()
    {
        var customerId = "cust-" + Guid.NewGuid().ToString("N")[..8];
        var token = VisitorToken(customerId, name: "Vera Verified", email: "vera@example.com");

        using var anonymous = _gateway.Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/enduser/chats",
            new { queueId = "billing", displayName = "typed name", firstMessage = "hello", visitorToken = token }, GatewayFactory.Json);
        await Problems.EnsureSuccess(response);
        var chatId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chatId").GetString();

        var alice = await ChatScenario.Agent(_gateway, "alice");
        await Http.AssertSuccess(await alice.Post($"/api/chats/{chatId}/accept"));
        var endUser = (await alice.GetJson<JsonElement>($"/api/chats/{chatId}")).GetProperty("endUser");
        Assert.Equal("Vera Verified", endUser.GetProperty("displayName").GetString());
        var verified = endUser.GetProperty("verified");
        Assert.Equal((Site, customerId, "vera@example.com"),
            (verified.GetProperty("siteId").GetString(), verified.GetProperty("customerId").GetString(), verified.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Visitor_a_chat_started_without_a_token_is_not_verified()
    {
        var customer = await _gateway.StartChat("billing", "Plain Customer");
        var alice = await ChatScenario.Agent(_gateway, "alice");
        await Http.AssertSuccess(await alice.Post($"/api/chats/{customer.ChatId}/accept"));
        var endUser = (await alice.GetJson<JsonElement>($"/api/chats/{customer.ChatId}")).GetProperty("endUser");
        Assert.Equal(JsonValueKind.Null, endUser.GetProperty("verified").ValueKind);
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "signed with another secret", VisitorToken("c1", secret: "someone-elses-secret-that-is-long-enough-0123456789") },
        { "expired", VisitorToken("c1", issuedAgo: TimeSpan.FromMinutes(9), lifetime: TimeSpan.FromMinutes(8)) },
        { "living longer than allowed", VisitorToken("c1", lifetime: TimeSpan.FromHours(2)) },
        { "for another audience", VisitorToken("c1", audience: "livechat-consoles") },
        { "from an unknown site", VisitorToken("c1", site: "evil-shop") },
        { "without a customer", VisitorToken("") },
        { "unsigned (alg none)", Tokens.Unsigned(VisitorToken("c1")) },
        { "edited after signing", Edited(VisitorToken("c1", name: "Vera")) },
        { "not a token", "definitely.not.a-token" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Visitor_a_bad_token_is_refused_and_starts_no_chat(string what, string token)
    {
        var bob = await ChatScenario.Agent(_gateway, "bob");
        var marker = "Forger " + Guid.NewGuid().ToString("N")[..8];
        using var anonymous = _gateway.Anonymous();

        var response = await anonymous.PostAsJsonAsync("/api/enduser/chats",
            new { queueId = "billing", displayName = marker, firstMessage = "hello", visitorToken = token }, GatewayFactory.Json);

        var problem = await Problems.Assert(response, 401, "Visitor");
        Assert.False(problem.TryGetProperty("token", out _), what);
        var waiting = await bob.GetJson<JsonElement>("/api/queues/billing/waiting");
        Assert.DoesNotContain(waiting.EnumerateArray(), w => w.GetProperty("endUserName").GetString() == marker);
    }

    private static string VisitorToken(string customerId, string? name = null, string? email = null, string site = Site,
        string secret = SiteSecret, string audience = "livechat-visitor", TimeSpan? issuedAgo = null, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim>();
        if (customerId.Length > 0) claims.Add(new("sub", customerId));
        if (name is not null) claims.Add(new("name", name));
        if (email is not null) claims.Add(new("email", email));
        // What the host website's server signs: issued now (or earlier), five minutes to live.
        return Tokens.Sign(claims, key: secret, issuer: site, audience: audience,
            validFrom: -(issuedAgo ?? TimeSpan.Zero), lifetime: lifetime ?? TimeSpan.FromMinutes(5));
    }

    /// <summary>The payload with another name, the original signature kept.</summary>
    private static string Edited(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"Vera\"", "\"Mallory\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
