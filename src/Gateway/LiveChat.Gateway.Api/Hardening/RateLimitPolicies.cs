namespace LiveChat.Gateway.Hardening;

/// <summary>The named rate-limit policies routes opt into (on top of the global limit every request passes).</summary>
public static class RateLimitPolicies
{
    public const string ChatStart = "chat-start";
    public const string SignIn = "sign-in";
    public const string EndUserMessages = "enduser-messages";
    public const string Uploads = "uploads";
}
