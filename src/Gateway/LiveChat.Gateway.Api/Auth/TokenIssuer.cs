namespace LiveChat.Gateway.Auth;

using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>Issues the gateway's JWTs: agents' (role, permissions) and end users' (scoped to one chat).</summary>
public sealed class TokenIssuer(IOptions<GatewayAuthOptions> options, TimeProvider time)
{
    private readonly GatewayAuthOptions _options = options.Value;

    public static SymmetricSecurityKey KeyOf(GatewayAuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException("Gateway:Auth:SigningKey is not set.")));

    public string ForAgent(AgentSnapshot agent)
    {
        var claims = new List<Claim>
        {
            new(LiveChatClaims.Subject, agent.AgentId),
            new(LiveChatClaims.Role, LiveChatClaims.RoleOf(agent.Registration.Role)),
            new("name", agent.Registration.Profile.FullName),
        };
        claims.AddRange(agent.Registration.Permissions.Select(p => new Claim(LiveChatClaims.Permission, p)));
        return Issue(claims, _options.AgentTokenLifetime);
    }

    public string ForEndUser(string endUserId, string chatId) => Issue(
        [new(LiveChatClaims.Subject, endUserId), new(LiveChatClaims.Role, LiveChatClaims.EndUserRole), new(LiveChatClaims.Chat, chatId)],
        _options.EndUserTokenLifetime);

    /// <summary>O2: the token of a message left for a queue, kept to come back for the answer: lives longer than a live chat's.</summary>
    public string ForOfflineMessage(string endUserId, string chatId) => Issue(
        [new(LiveChatClaims.Subject, endUserId), new(LiveChatClaims.Role, LiveChatClaims.EndUserRole), new(LiveChatClaims.Chat, chatId)],
        _options.OfflineMessageTokenLifetime);

    private string Issue(IEnumerable<Claim> claims, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(KeyOf(_options), SecurityAlgorithms.HmacSha256),
        });
    }
}
