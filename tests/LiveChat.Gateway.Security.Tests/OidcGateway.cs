namespace LiveChat.Gateway.Security.Tests;

using System.Security.Claims;
using System.Security.Cryptography;
using LiveChat.Testing.Processes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// A real OpenID provider (tests/OidcProvider, oidc-provider under node) on a free loopback port,
/// and the real gateway configured for it (Gateway:Auth:Authority, discovery document, JWKS).
/// The provider signs with a key this fixture made, so a test can also sign tokens exactly as
/// the provider would, then change one thing (issuer, audience, lifetime) to see it refused.
/// </summary>
public class OidcGateway : IAsyncLifetime
{
    public const string Audience = "livechat-consoles";
    public const string KeyId = "test-key";

    private readonly RSA _key = RSA.Create(2048);

    public OidcProviderProcess Provider { get; private set; } = null!;
    public GatewayFactory Gateway { get; } = new();

    /// <summary>The claim the gateway maps to an agent id.</summary>
    protected virtual string AgentIdClaim => "sub";

    public async Task InitializeAsync()
    {
        if (!OidcProviderProcess.IsInstalled()) throw new InvalidOperationException(OidcProviderProcess.NotInstalled);
        Provider = await OidcProviderProcess.StartAsync(["http://localhost"], Audience, jwks: PrivateJwks());
        Gateway.Settings["Gateway:Auth:Authority"] = Provider.Issuer;
        Gateway.Settings["Gateway:Auth:Audience"] = Audience;
        Gateway.Settings["Gateway:Auth:ClientId"] = OidcProviderProcess.ClientId;
        Gateway.Settings["Gateway:Auth:AgentIdClaim"] = AgentIdClaim;
        await Gateway.InitializeAsync();
        // The demo directory is seeded once the silo is active: ready when sam's provider token is accepted.
        var sam = await SignIn("sam");
        using var http = Gateway.Anonymous();
        await GatewayFactory.WaitUntil(async () => (await Http.Send(http, HttpMethod.Get, "/api/me", sam)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the directory to know sam");
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Gateway).DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
        _key.Dispose();
    }

    /// <summary>An access token from the provider, after typing this login on its login page.</summary>
    public async Task<string> SignIn(string login) => (await OidcLogin.SignIn(Provider.Issuer, login)).AccessToken;

    /// <summary>A token as the provider would sign it (its key, its kid), with the given claims and times.</summary>
    public string Sign(string agentId, string? issuer = null, string audience = Audience, TimeSpan? validFrom = null,
        TimeSpan? lifetime = null, RSA? key = null)
    {
        var notBefore = DateTime.UtcNow + (validFrom ?? TimeSpan.FromMinutes(-1));
        var signingKey = new RsaSecurityKey(key ?? _key) { KeyId = KeyId };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Provider.Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", agentId), new Claim("email", $"{agentId}@example.com")]),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = notBefore + (lifetime ?? TimeSpan.FromMinutes(10)),
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private string PrivateJwks()
    {
        var p = _key.ExportParameters(includePrivateParameters: true);
        string B(byte[]? bytes) => Base64UrlEncoder.Encode(bytes!);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["kid"] = KeyId, ["use"] = "sig", ["alg"] = "RS256",
                    ["n"] = B(p.Modulus), ["e"] = B(p.Exponent), ["d"] = B(p.D), ["p"] = B(p.P), ["q"] = B(p.Q),
                    ["dp"] = B(p.DP), ["dq"] = B(p.DQ), ["qi"] = B(p.InverseQ),
                },
            },
        });
    }
}

/// <summary>The same, with agents named by the provider's "email" claim (found through the directory's email lookup).</summary>
public sealed class OidcEmailGateway : OidcGateway
{
    protected override string AgentIdClaim => "email";
}
