namespace LiveChat.Gateway.Endpoints;

using System.Security.Cryptography;
using System.Text;
using LiveChat.Gateway.Auth;

/// <summary>
/// The <c>Idempotency-Key</c> header of the calls that create something. The gateway only checks
/// its form and passes it on: the chat grain remembers it with what it created (IdempotencyKeys).
/// </summary>
internal static class Idempotency
{
    /// <summary>The header's value, checked: none (null), or a well-formed key; a malformed one is a 400 and changes nothing.</summary>
    public static string? Key(string? header) => header is null || IdempotencyKeys.IsValid(header)
        ? header
        : throw new RuleViolationException(IdempotencyKeys.Rule, RefusalKind.Invalid, IdempotencyKeys.Describe);

    /// <summary>
    /// A chat start's ids, derived from its key: a retry reaches the same chat grain, which answers
    /// with the chat it already started instead of starting a second. An HMAC under the gateway's
    /// signing key (shared by every gateway of a deployment) so nobody can compute the chat id from a
    /// key, or a key from a chat id; an identified visitor's key is scoped by its site and customer.
    /// Without a key both ids are random, as before.
    /// </summary>
    public static (string ChatId, string EndUserId) StartIds(string? key, VerifiedVisitor? visitor, GatewayAuthOptions auth)
    {
        if (key is null) return (Guid.NewGuid().ToString("N"), "u-" + Guid.NewGuid().ToString("N")[..16]);
        if (key.Length < IdempotencyKeys.MinStartLength)
            throw new RuleViolationException(IdempotencyKeys.Rule, RefusalKind.Invalid,
                $"Starting a chat needs an {IdempotencyKeys.Header} of at least {IdempotencyKeys.MinStartLength} characters: it is all that tells this caller from another.");
        var scope = visitor is null ? "anonymous" : $"visitor\u0001{visitor.SiteId}\u0001{visitor.CustomerId}";
        var secret = TokenIssuer.KeyOf(auth).Key;
        string Derive(string what, int bytes) =>
            Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"livechat-start\u0001{what}\u0001{scope}\u0001{key}")).AsSpan(0, bytes));
        return (Derive("chat", 16), "u-" + Derive("end-user", 8));
    }
}
