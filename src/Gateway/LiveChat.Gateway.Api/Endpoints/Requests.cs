namespace LiveChat.Gateway.Endpoints;

// The bodies the HTTP API takes. Fields are checked by the grains, not here: a missing or bad
// field reaches the rule that owns it and comes back as that rule's problem.

public sealed record TextRequest(string? Text);
public sealed record PresenceRequest(Presence Presence);
public sealed record ArticleRequest(string? ArticleId);
public sealed record CannedTextRequest(string? CannedResponseId);
public sealed record TicketRequest(string? Summary);
public sealed record TransferRequest(string? ToAgentId, string? ToQueueId);
public sealed record InviteRequest(string? InviteeId, JoinMode Mode);
public sealed record ModeRequest(JoinMode Mode);
public sealed record AnswerRequest(InviteAnswer Answer);
public sealed record DemoSignInRequest(string? AgentId);
public sealed record StartChatBody(string? QueueId, string? DisplayName, string? FirstMessage);

public sealed record SignedIn(string Token, AgentSnapshot Agent);
public sealed record ChatStarted(string ChatId, string EndUserId, string Token, EndUserChatView Chat);
