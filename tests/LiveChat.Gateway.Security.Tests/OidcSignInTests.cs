namespace LiveChat.Gateway.Security.Tests;

using System.Security.Cryptography;
using LiveChat.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

/// <summary>
/// Sign-in through a real OpenID provider (issue items 1–2): its access tokens are validated
/// against its discovery document and keys, name an agent of the directory, and carry no role
/// of their own; everything else is a 401 problem with ruleId Auth that changes nothing.
/// </summary>
public sealed class OidcSignInTests(OidcGateway oidc) : IClassFixture<OidcGateway>
{
    private HttpClient Http0 => oidc.Gateway.Anonymous();

    [Fact]
    public async Task Auth_a_provider_token_names_a_directory_agent_whose_role_comes_from_the_directory()
    {
        var alice = await oidc.SignIn("alice");
        // The provider's token claims admin and supervisor roles: the gateway must not believe them.
        var roles = new JsonWebToken(alice).Claims.Where(c => c.Type == "role").Select(c => c.Value).ToList();
        Assert.Contains("supervisor", roles);

        var me = await Http.Send(Http0, HttpMethod.Get, "/api/me", alice);
        await Http.AssertSuccess(me);
        var snapshot = await me.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json);
        Assert.Equal("alice", snapshot.GetProperty("agentId").GetString());
        await Problems.Assert(await Http.Send(Http0, HttpMethod.Get, "/api/supervisor/queues", alice), 403, "Auth");

        // sam is a supervisor in the directory: the same kind of token opens the dashboard's routes.
        var sam = await oidc.SignIn("sam");
        await Http.AssertSuccess(await Http.Send(Http0, HttpMethod.Get, "/api/supervisor/queues", sam));

        // The hub takes the provider's token too (browsers send it in the query).
        await using var console = await oidc.Gateway.Connect(alice);

        // A token the test signs as the provider would (its key and kid) is accepted: the refusals
        // below differ from it in one thing each.
        await Http.AssertSuccess(await Http.Send(Http0, HttpMethod.Get, "/api/me", oidc.Sign("alice")));
    }

    public static TheoryData<string> Refused() =>
        ["wrong issuer", "wrong audience", "expired", "alg none", "signed by another key", "agent missing from the directory",
         "gateway issuer claimed by a provider-signed token"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Auth_a_token_the_gateway_must_not_accept_is_a_401_problem(string kind)
    {
        var alice = await oidc.SignIn("alice");
        var before = await Http.Describe(await Http.Send(Http0, HttpMethod.Get, "/api/me", alice));
        using var otherKey = RSA.Create(2048);
        var token = kind switch
        {
            "wrong issuer" => oidc.Sign("alice", issuer: "http://127.0.0.1:1/not-the-provider"),
            "wrong audience" => oidc.Sign("alice", audience: "another-api"),
            "expired" => oidc.Sign("alice", validFrom: TimeSpan.FromHours(-2), lifetime: TimeSpan.FromMinutes(10)),
            "alg none" => Tokens.Unsigned(alice),
            "signed by another key" => oidc.Sign("alice", key: otherKey),
            "agent missing from the directory" => await oidc.SignIn("mallory"),
            "gateway issuer claimed by a provider-signed token" => oidc.Sign("alice", issuer: Tokens.Issuer),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        foreach (var (method, path, body) in new (HttpMethod, string, HttpContent?)[]
                 {
                     (HttpMethod.Get, "/api/me", null),
                     (HttpMethod.Put, "/api/me/presence", Http.JsonOf(new { presence = "Away" })),
                     (HttpMethod.Get, "/api/supervisor/queues", null),
                 })
        {
            var problem = await Problems.Assert(await Http.Send(Http0, method, path, token, body), 401, "Auth");
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
        }
        Assert.Equal(before, await Http.Describe(await Http.Send(Http0, HttpMethod.Get, "/api/me", alice)));
    }

    [Fact]
    public async Task Auth_an_agent_disabled_in_the_directory_is_refused_within_a_second()
    {
        var grains = oidc.Gateway.Services.GetRequiredService<IGrainFactory>();
        var erin = grains.Agent("erin");
        var registration = (await erin.Peek())!.Registration;
        var token = await oidc.SignIn("erin");
        await Http.AssertSuccess(await Http.Send(Http0, HttpMethod.Get, "/api/me", token));
        try
        {
            await erin.Register(registration with { Disabled = true });
            var disabledAt = DateTime.UtcNow;
            await GatewayFactory.WaitUntil(async () => (await Http.Send(Http0, HttpMethod.Get, "/api/me", token)).StatusCode == HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(5), "the disabled agent to be refused");
            Assert.True(DateTime.UtcNow - disabledAt < TimeSpan.FromSeconds(2), "refused only after " + (DateTime.UtcNow - disabledAt));
            var problem = await Problems.Assert(await Http.Send(Http0, HttpMethod.Get, "/api/me", token), 401, "Auth");
            Assert.Contains("disabled", problem.GetProperty("detail").GetString());
        }
        finally
        {
            await erin.Register(registration);
        }
    }

    [Fact]
    public async Task Auth_end_users_keep_the_gateways_own_tokens_and_the_demo_sign_in_is_off()
    {
        var endUser = await oidc.Gateway.StartChat("billing");
        await Http.AssertSuccess(await endUser.Api.Http.GetAsync("/api/enduser/chat"));

        await Problems.Assert(await Http0.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "alice" }, GatewayFactory.Json), 404, "Auth");
        var config = await Http0.GetFromJsonAsync<JsonElement>("/api/auth/config", GatewayFactory.Json);
        Assert.Equal("oidc", config.GetProperty("mode").GetString());
        Assert.Equal(oidc.Provider.Issuer, config.GetProperty("authority").GetString());
        Assert.Equal(LiveChat.Testing.Processes.OidcProviderProcess.ClientId, config.GetProperty("clientId").GetString());
    }
}

/// <summary>Gateway:Auth:AgentIdClaim=email: the provider's email claim finds the agent through the directory.</summary>
public sealed class OidcEmailClaimTests(OidcEmailGateway oidc) : IClassFixture<OidcEmailGateway>
{
    [Fact]
    public async Task Auth_the_email_claim_names_the_agent_registered_with_that_email()
    {
        using var http = oidc.Gateway.Anonymous();
        var alice = await oidc.SignIn("alice");
        var me = await Http.Send(http, HttpMethod.Get, "/api/me", alice);
        await Http.AssertSuccess(me);
        Assert.Equal("alice", (await me.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json)).GetProperty("agentId").GetString());
        // A token naming alice by sub but with an email no agent has is nobody here.
        await Problems.Assert(await Http.Send(http, HttpMethod.Get, "/api/me", oidc.Sign("alice")), 401, "Auth");
        await Problems.Assert(await Http.Send(http, HttpMethod.Get, "/api/me", await oidc.SignIn("mallory")), 401, "Auth");
    }
}
