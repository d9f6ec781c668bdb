namespace LiveChat.Gateway.Endpoints;

// The bodies the HTTP API takes. Fields are checked by the grains, not here: a missing or bad
// field reaches the rule that owns it and comes back as that rule's problem. Value fields are
// nullable so a missing one is refused (Required) instead of silently becoming its default.

public sealed record TextRequest(string? Text);
public sealed record PresenceRequest(Presence? Presence);
public sealed record SettingsRequest(bool? BrowserNotifications, bool? SystemNotifications, int? Capacity);
public sealed record ArticleRequest(string? ArticleId);
public sealed record CannedTextRequest(string? CannedResponseId);
public sealed record TicketRequest(string? Summary);
public sealed record TransferRequest(string? ToAgentId, string? ToQueueId);
public sealed record InviteRequest(string? InviteeId, JoinMode? Mode);
public sealed record ModeRequest(JoinMode? Mode);
public sealed record AnswerRequest(InviteAnswer? Answer);
/// <param name="ToAgentId">The agent offered the chat (T2).</param>
/// <param name="SenderStays">True: the sender stays as Participant after the handover; false: it leaves (T4). Required.</param>
/// <param name="ToQueueId">Optional: another queue whose agent is offered the chat; the chat moves there on acceptance (T4).</param>
public sealed record OfferRequest(string? ToAgentId, bool? SenderStays, string? ToQueueId = null);
public sealed record DemoSignInRequest(string? AgentId);
/// <param name="VisitorToken">Optional: a short-lived JWT the host website signed with its site secret, naming the customer (identified visitors).</param>
// FirstMessage may be left out (a chat may start without one): its default keeps it off the document's required list.
public sealed record StartChatBody(string? QueueId, string? DisplayName, string? FirstMessage = null, string? VisitorToken = null);

/// <param name="Contact">How to answer besides the chat: an email address or a phone number (3 to 254 characters).</param>
/// <param name="VisitorToken">Optional, as for a chat start: the host website's signed visitor token.</param>
public sealed record LeaveMessageBody(string? QueueId, string? DisplayName, string? Contact, string? Text, string? VisitorToken = null);

public sealed record SignedIn(string Token, AgentSnapshot Agent);
/// <summary>GET /api/auth/config: mode "oidc" (authority, clientId, scope, resource), "demo" or "none".</summary>
public sealed record SignInConfig(string Mode, string? Authority, string? ClientId, string? Scope, string? Resource);
public sealed record ChatStarted(string ChatId, string EndUserId, string Token, EndUserChatView Chat);

internal static class Required
{
    /// <summary>A value field the client left out: refused under the rule of the call, never defaulted.</summary>
    public static T Value<T>(T? value, string rule, string field) where T : struct =>
        value ?? throw new RuleViolationException(rule, RefusalKind.Invalid, $"'{field}' is required.");
}
