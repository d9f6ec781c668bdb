namespace LiveChat.Gateway.Auth;

/// <summary>Token settings, section "Gateway:Auth". The signing key never appears in a response or a log.</summary>
public sealed class GatewayAuthOptions
{
    public const string Section = "Gateway:Auth";

    public string Issuer { get; set; } = "livechat";
    public string Audience { get; set; } = "livechat-consoles";
    /// <summary>
    /// HMAC-SHA256 key, at least 32 bytes of text. Required in client mode (the same on every
    /// gateway); the embedded default generates one at its first start and keeps it in its data
    /// folder, so a restart signs nobody out.
    /// </summary>
    public string? SigningKey { get; set; }
    public TimeSpan AgentTokenLifetime { get; set; } = TimeSpan.FromHours(10);
    public TimeSpan EndUserTokenLifetime { get; set; } = TimeSpan.FromHours(4);
    /// <summary>
    /// The demo sign-in (any directory agent, no password). Unset: on only while the gateway
    /// listens on loopback addresses alone (a local trial); true: on anywhere, with a warning at
    /// every start; false: off. See <see cref="DemoSignInSwitch"/>.
    /// </summary>
    public bool? EnableDemoSignIn { get; set; }
}
