namespace LiveChat.Gateway.Auth;

using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// Checks a visitor token from a host website: HS256 only, signed with the secret of the site its
/// issuer names, made for <see cref="VisitorIdentityOptions.Audience"/>, not expired, and living no
/// longer than <see cref="VisitorIdentityOptions.MaxTokenLifetime"/>. Anything else is refused as
/// forged (401, rule "Visitor"): a chat never carries an identity nobody vouched for.
/// </summary>
public sealed class VisitorTokenVerifier(IOptions<VisitorIdentityOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The customer the token names, and the name it gives (null: none).</summary>
    public async Task<(VerifiedVisitor Visitor, string? Name)> Verify(string token)
    {
        // An empty token is a client's bug, said as such (not "forged"), and never taken for no token.
        if (string.IsNullOrWhiteSpace(token)) throw Refused("the visitor token is empty: send a signed token or leave visitorToken out.");
        var sites = options.Value.Sites;
        if (sites.Count == 0) throw Refused("this gateway accepts no visitor tokens (no site is configured).");
        if (token.Length > 8192) throw Refused("the visitor token is too long.");
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = sites.Keys,
            ValidAudience = VisitorIdentityOptions.Audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } exp && exp > time.GetUtcNow().UtcDateTime.AddSeconds(-30),
            // The key is the one of the site the token claims to come from, and no other.
            IssuerSigningKeyResolver = (_, securityToken, _, _) =>
                sites.TryGetValue(securityToken.Issuer, out var site) && site.Secret is { Length: >= 32 } secret
                    ? [new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret))]
                    : [],
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
            throw Refused("the visitor token is forged, expired or not meant for this chat service.");
        if (!jwt.TryGetPayloadValue<long>("iat", out var issuedAt)
            || DateTimeOffset.FromUnixTimeSeconds(issuedAt) + options.Value.MaxTokenLifetime < jwt.ValidTo)
            throw Refused($"a visitor token must say when it was issued and live at most {options.Value.MaxTokenLifetime.TotalMinutes:0} minutes.");
        var customerId = jwt.Subject;
        if (string.IsNullOrWhiteSpace(customerId) || customerId.Length > ChatLimits.MaxIdLength || customerId.Any(char.IsControl))
            throw Refused($"the visitor token must name the customer (sub: 1 to {ChatLimits.MaxIdLength} printable characters).");
        jwt.TryGetPayloadValue<string>("name", out var name);
        jwt.TryGetPayloadValue<string>("email", out var email);
        return (new VerifiedVisitor(jwt.Issuer, customerId, string.IsNullOrWhiteSpace(email) ? null : email), string.IsNullOrWhiteSpace(name) ? null : name);
    }

    private static RuleViolationException Refused(string reason) =>
        new(Rules.Visitor, RefusalKind.Unauthenticated, $"Identified visitor refused: {reason}");
}
