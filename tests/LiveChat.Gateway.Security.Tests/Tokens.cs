namespace LiveChat.Gateway.Security.Tests;

using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// Tokens a caller could present without having been issued them: signed with another key,
/// expired, edited after signing, unsigned, or not a token at all. Built here, never by the gateway.
/// </summary>
public static class Tokens
{
    public const string Issuer = "livechat";
    public const string Audience = "livechat-consoles";
    public const string OtherKey = "not-the-gateway-key-but-long-enough-for-hmac-sha256-0123456789";

    public static string Sign(IEnumerable<Claim> claims, string key = GatewayFactory.SigningKey, string issuer = Issuer,
        string audience = Audience, TimeSpan? validFrom = null, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var notBefore = now + (validFrom ?? TimeSpan.FromMinutes(-1));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = notBefore + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static Claim[] AgentClaims(string agentId, string role = "agent") =>
        [new("sub", agentId), new("role", role), new("perm", Permissions.ChatAgent)];

    public static Claim[] EndUserClaims(string endUserId, string chatId) =>
        [new("sub", endUserId), new("role", "enduser"), new("chat", chatId)];

    /// <summary>A genuine token whose payload was edited (keeping the original signature).</summary>
    public static string Tampered(string token, Func<string, string> editPayload)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var edited = editPayload(payload);
        Assert.NotEqual(payload, edited);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(edited))}.{parts[2]}";
    }

    /// <summary>A genuine token with one character of its signature changed.</summary>
    public static string BadSignature(string token)
    {
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[signature.Length / 2] = signature[signature.Length / 2] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{parts[1]}.{new string(signature)}";
    }

    /// <summary>The same claims with "alg": "none" and no signature.</summary>
    public static string Unsigned(string token)
    {
        var payload = token.Split('.')[1];
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return $"{header}.{payload}.";
    }
}
