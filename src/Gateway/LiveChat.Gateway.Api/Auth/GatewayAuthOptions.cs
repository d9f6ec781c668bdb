namespace LiveChat.Gateway.Auth;

/// <summary>Token settings, section "Gateway:Auth". The signing key never appears in a response or a log.</summary>
public sealed class GatewayAuthOptions
{
    public const string Section = "Gateway:Auth";

    public string Issuer { get; set; } = "livechat";
    public string Audience { get; set; } = "livechat-consoles";
    /// <summary>HMAC-SHA256 key, at least 32 bytes of text. Required outside the embedded mode.</summary>
    public string? SigningKey { get; set; }
    public TimeSpan AgentTokenLifetime { get; set; } = TimeSpan.FromHours(10);
    public TimeSpan EndUserTokenLifetime { get; set; } = TimeSpan.FromHours(4);
    /// <summary>The demo sign-in (any demo agent, no password) exists only where this is true: the embedded default.</summary>
    public bool EnableDemoSignIn { get; set; }
}
