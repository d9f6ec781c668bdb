namespace LiveChat.Gateway.Hardening;

using System.Security.Claims;
using LiveChat.Gateway.Auth;

/// <summary>Who a request counts against: its token's subject when signed in, else its client address.</summary>
internal static class ClientPartition
{
    public static string Of(HttpContext http, RateLimitOptions options) =>
        OfUser(http.User) ?? Address(http, options);

    /// <summary>An agent counts as itself; an end user as its chat (its token is scoped to that one chat).</summary>
    public static string? OfUser(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return null;
        if (user.IsEndUser() && user.FindFirstValue(LiveChatClaims.Chat) is { } chat) return "chat:" + chat;
        return user.FindFirstValue(LiveChatClaims.Subject) is { } subject ? "agent:" + subject : null;
    }

    /// <summary>
    /// The connection's remote address; with <see cref="RateLimitOptions.TrustForwardedFor"/> the
    /// last X-Forwarded-For entry, which the trusted proxy appended (earlier entries are the client's word).
    /// </summary>
    public static string Address(HttpContext http, RateLimitOptions options)
    {
        if (options.TrustForwardedFor)
        {
            var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
            var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (!string.IsNullOrEmpty(last)) return "address:" + last;
        }
        return "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
