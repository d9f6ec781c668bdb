namespace LiveChat.Gateway.Auth;

/// <summary>
/// Token settings, section "Gateway:Auth". Two token sources: the gateway's own HMAC tokens
/// (always: end users' chat tokens, and the demo sign-in) and, when <see cref="Authority"/> is
/// set, access tokens of an OpenID Connect provider for agents. The signing key never appears in
/// a response or a log.
/// </summary>
public sealed class GatewayAuthOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>Issuer of the gateway's own tokens; must differ from the provider's issuer.</summary>
    public string Issuer { get; set; } = "livechat";
    /// <summary>The audience every accepted token names: the gateway's own, and the provider's access tokens for this API.</summary>
    public string Audience { get; set; } = "livechat-consoles";
    /// <summary>
    /// HMAC-SHA256 key, at least 32 bytes of text. Required in client mode (the same on every
    /// gateway); the embedded default generates one at its first start and keeps it in its data
    /// folder, so a restart signs nobody out.
    /// </summary>
    public string? SigningKey { get; set; }
    public TimeSpan AgentTokenLifetime { get; set; } = TimeSpan.FromHours(10);
    public TimeSpan EndUserTokenLifetime { get; set; } = TimeSpan.FromHours(4);
    /// <summary>O2: the chat token of a message left for a queue, which the end user keeps (a link) to come back for the answer.</summary>
    public TimeSpan OfflineMessageTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>
    /// The demo sign-in (any directory agent, no password). Unset: on only while the gateway
    /// listens on loopback addresses alone (a local trial); true: on anywhere, with a warning at
    /// every start; false: off. With an <see cref="Authority"/> it is off unless set to true. See <see cref="DemoSignInSwitch"/>.
    /// </summary>
    public bool? EnableDemoSignIn { get; set; }

    /// <summary>
    /// The OpenID Connect provider (its issuer URL: metadata from {Authority}/.well-known/openid-configuration,
    /// keys from its jwks_uri). Set: agents sign in there and the demo sign-in is off.
    /// </summary>
    public string? Authority { get; set; }
    /// <summary>The claim of the provider's access token that names the agent: sub, email or preferred_username.</summary>
    public string AgentIdClaim { get; set; } = "sub";
    /// <summary>The consoles' public client id at the provider (authorization code + PKCE, no secret).</summary>
    public string? ClientId { get; set; }
    /// <summary>What the consoles ask for; offline_access brings a refresh token for renewal.</summary>
    public string Scope { get; set; } = "openid profile email offline_access";
    /// <summary>
    /// Sent as the "resource" parameter (RFC 8707) by the consoles when set: providers that issue JWT
    /// access tokens per resource (oidc-provider) need it; Entra ID and Keycloak take the audience from the scope/client instead.
    /// </summary>
    public string? Resource { get; set; }
    /// <summary>Metadata over https only; null: required unless the authority is on loopback (local trials, tests).</summary>
    public bool? RequireHttpsMetadata { get; set; }

    public bool UsesOidc => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The claims <see cref="AgentIdClaim"/> may name.</summary>
    public static readonly string[] AgentIdClaims = ["sub", "email", "preferred_username"];
}
