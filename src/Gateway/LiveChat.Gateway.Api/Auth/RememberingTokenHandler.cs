namespace LiveChat.Gateway.Auth;

using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// The gateway's JWT handler: validates exactly as <see cref="JsonWebTokenHandler"/> does, and
/// remembers the tokens it found valid until they expire. A console sends the same token with
/// every request; checking its signature and parsing its claims each time was 7.5 % of the CPU
/// of a posted message (profiled with the load tool's HTTP scenario).
/// </summary>
/// <remarks>
/// Only valid tokens are remembered, keyed by their exact text, so a token edited by one
/// character is validated afresh. A remembered token is served only before its own expiry
/// (without the clock skew the full validation allows) and only for the same issuer, audience
/// and signing key it was validated against. Each request gets its own copy of the identity.
/// </remarks>
public sealed class RememberingTokenHandler(TimeProvider time, int capacity = RememberingTokenHandler.DefaultCapacity) : JsonWebTokenHandler
{
    /// <summary>About 1.5 KB each: at most ~15 MB, however many tokens are in use.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
    private int _count;
    private long _served;

    /// <summary>How many valid tokens are remembered now.</summary>
    public int Remembered => Volatile.Read(ref _count);

    /// <summary>How many validations were answered from memory since start (the memory's whole point).</summary>
    public long ServedFromMemory => Interlocked.Read(ref _served);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var known))
        {
            if (now < known.Expires && known.Fits(validationParameters))
            {
                Interlocked.Increment(ref _served);
                return known.ToResult();
            }
            Forget(token, known);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && now < jwt.ValidTo && result.ClaimsIdentity is { } identity)
            // A copy: the caller's own identity may be changed by what runs after authentication.
            Remember(token, new Validated(jwt, identity.Clone(), result.Issuer, validationParameters));
        return result;
    }

    private void Remember(string token, Validated validated)
    {
        if (Volatile.Read(ref _count) >= capacity) ForgetExpired();
        // Still full of unexpired tokens: start over rather than grow without bound.
        if (Volatile.Read(ref _count) >= capacity)
        {
            _validated.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (_validated.TryAdd(token, validated)) Interlocked.Increment(ref _count);
    }

    private void ForgetExpired()
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (token, validated) in _validated)
        {
            if (validated.Expires <= now) Forget(token, validated);
        }
    }

    private void Forget(string token, Validated validated)
    {
        if (_validated.TryRemove(new KeyValuePair<string, Validated>(token, validated))) Interlocked.Decrement(ref _count);
    }

    private sealed class Validated(JsonWebToken token, ClaimsIdentity identity, string issuer, TokenValidationParameters parameters)
    {
        private readonly TokenValidationParameters _parameters = parameters;

        public DateTime Expires { get; } = token.ValidTo;

        /// <summary>
        /// The same issuer, audience, keys, algorithms and provider metadata as when it was validated:
        /// the gateway's HMAC key and a provider's discovery document never stand in for each other.
        /// Keys and the provider's configuration manager are compared as the same objects; the lists
        /// by their items, because ASP.NET Core's JWT handler hands over fresh parameters (and lists)
        /// with every request: compared as references, no token was ever served from memory.
        /// </summary>
        public bool Fits(TokenValidationParameters p) =>
            ReferenceEquals(p.IssuerSigningKey, _parameters.IssuerSigningKey)
            && SameItems(p.IssuerSigningKeys, _parameters.IssuerSigningKeys, ReferenceEqualityComparer.Instance)
            && ReferenceEquals(p.ConfigurationManager, _parameters.ConfigurationManager)
            && SameItems(p.ValidAlgorithms, _parameters.ValidAlgorithms, StringComparer.Ordinal)
            && p.ValidIssuer == _parameters.ValidIssuer
            && SameItems(p.ValidIssuers, _parameters.ValidIssuers, StringComparer.Ordinal)
            && p.ValidAudience == _parameters.ValidAudience
            && SameItems(p.ValidAudiences, _parameters.ValidAudiences, StringComparer.Ordinal);

        private static bool SameItems<T>(IEnumerable<T>? a, IEnumerable<T>? b, IEqualityComparer<T> comparer) =>
            ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b, comparer));

        public TokenValidationResult ToResult() => new()
        {
            IsValid = true,
            SecurityToken = token,
            Issuer = issuer,
            TokenType = token.Typ,
            ClaimsIdentity = identity.Clone(),
        };
    }
}
