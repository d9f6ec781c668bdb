namespace LiveChat.Client;

using Microsoft.AspNetCore.SignalR;

/// <summary>
/// A hub call the gateway refused. The hub words a refusal "RuleId: reason", like the HTTP
/// problem's <c>ruleId</c>; <see cref="RuleId"/> is that rule (e.g. "A11", "Route", "Auth").
/// </summary>
public sealed class LiveChatHubException(string? ruleId, string message, HubException inner) : Exception(message, inner)
{
    public string? RuleId { get; } = ruleId;

    internal static LiveChatHubException From(HubException refusal)
    {
        // SignalR prefixes the server's message: "An unexpected error occurred invoking 'X' on the server. HubException: A11: ..."
        var text = refusal.Message;
        var marker = text.IndexOf("HubException: ", StringComparison.Ordinal);
        var message = marker >= 0 ? text[(marker + "HubException: ".Length)..] : text;
        var colon = message.IndexOf(':');
        var ruleId = colon > 0 && !message[..colon].Contains(' ') ? message[..colon] : null;
        return new LiveChatHubException(ruleId, message, refusal);
    }
}
