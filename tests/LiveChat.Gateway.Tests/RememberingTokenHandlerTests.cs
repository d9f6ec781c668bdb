namespace LiveChat.Gateway.Tests;

using System.Security.Claims;
using System.Text;
using LiveChat.Gateway.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// The gateway remembers tokens it validated, for speed: it must never accept a token the full
/// validation would refuse, nor serve one past its expiry, nor grow without bound.
/// </summary>
public sealed class RememberingTokenHandlerTests
{
    private const string Issuer = "livechat-test";
    private const string Audience = "livechat-consoles";
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("a-signing-key-of-at-least-32-characters!"));
    private static readonly SymmetricSecurityKey OtherKey = new(Encoding.UTF8.GetBytes("another-signing-key-of-32-characters-or-more"));

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_remembered_token_yields_the_same_claims_in_a_fresh_identity_each_time()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Sign("alice", TimeSpan.FromHours(1));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        first.ClaimsIdentity.AddClaim(new Claim("added-by", "first-request"));
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(second.IsValid);
        Assert.Equal(1, handler.Remembered);
        Assert.Equal("alice", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Null(second.ClaimsIdentity.FindFirst("added-by"));
        Assert.IsType<JsonWebToken>(second.SecurityToken);
    }

    [Fact]
    public async Task A_token_edited_after_a_valid_one_was_remembered_is_refused()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Sign("alice", TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var lastChar = token[^1] == 'A' ? 'B' : 'A';
        var edited = token[..^1] + lastChar;
        var result = await handler.ValidateTokenAsync(edited, Parameters());

        Assert.False(result.IsValid);
        Assert.Equal(1, handler.Remembered);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_under_another_signing_key()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Sign("alice", TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var rotated = Parameters();
        rotated.IssuerSigningKey = OtherKey;

        Assert.False((await handler.ValidateTokenAsync(token, rotated)).IsValid);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_where_other_keys_or_algorithms_apply()
    {
        // The gateway's own HMAC scheme and an OpenID provider's scheme differ in keys and allowed
        // algorithms: a token remembered under one is validated afresh (and refused) under the other.
        var handler = new RememberingTokenHandler(_clock);
        var token = Sign("alice", TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var asymmetricOnly = Parameters();
        asymmetricOnly.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
        Assert.False((await handler.ValidateTokenAsync(token, asymmetricOnly)).IsValid);

        var providerKeys = Parameters();
        providerKeys.IssuerSigningKey = null;
        providerKeys.IssuerSigningKeys = [OtherKey];
        Assert.False((await handler.ValidateTokenAsync(token, providerKeys)).IsValid);
    }

    [Fact]
    public async Task A_token_is_not_served_from_memory_after_it_expires()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Sign("alice", TimeSpan.FromMinutes(10));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal(1, handler.Remembered);

        // The full validation runs on the real clock; only the memory follows this one.
        _clock.Advance(TimeSpan.FromMinutes(11));
        await handler.ValidateTokenAsync(token, Parameters());

        Assert.Equal(0, handler.Remembered);
    }

    [Fact]
    public async Task A_token_accepted_only_within_the_clock_skew_is_not_remembered()
    {
        var handler = new RememberingTokenHandler(_clock);
        var justExpired = Sign("alice", TimeSpan.FromMinutes(10), validFrom: TimeSpan.FromMinutes(-10.25));

        var result = await handler.ValidateTokenAsync(justExpired, Parameters());

        Assert.True(result.IsValid, "within the 30 s clock skew the full validation still accepts it");
        Assert.Equal(0, handler.Remembered);
    }

    [Fact]
    public async Task Refused_tokens_are_never_remembered()
    {
        var handler = new RememberingTokenHandler(_clock);
        var expired = Sign("alice", TimeSpan.FromMinutes(10), validFrom: TimeSpan.FromHours(-2));
        var foreign = Sign("alice", TimeSpan.FromHours(1), key: OtherKey);

        Assert.False((await handler.ValidateTokenAsync(expired, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(foreign, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(foreign, Parameters())).IsValid);
        Assert.Equal(0, handler.Remembered);
    }

    [Fact]
    public async Task The_memory_stays_within_its_capacity()
    {
        var handler = new RememberingTokenHandler(_clock, capacity: 3);

        for (var i = 0; i < 10; i++)
        {
            Assert.True((await handler.ValidateTokenAsync(Sign($"agent-{i}", TimeSpan.FromHours(1)), Parameters())).IsValid);
            Assert.InRange(handler.Remembered, 1, 3);
        }
    }

    private static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    private static string Sign(string subject, TimeSpan lifetime, TimeSpan? validFrom = null, SecurityKey? key = null)
    {
        var notBefore = DateTime.UtcNow + (validFrom ?? TimeSpan.Zero);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = notBefore + lifetime,
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
