namespace LiveChat.Gateway.Transcripts;

// The end-user export's shape (E5), for the OpenAPI document only: EndUserExportWriter writes the
// same fields straight to the response (it never builds these objects), so keep the two together.

/// <summary>An end user's export: who it is about, when, and every chat kept of it.</summary>
public sealed record EndUserExportDocument(ExportSubject Subject, DateTimeOffset ExportedAt, IReadOnlyList<ExportedChat> Chats);

/// <summary>The subject as the request named it.</summary>
public sealed record ExportSubject(string? SiteId, string? CustomerId, string? EndUserId);

/// <summary>One chat as its end user saw it, with the identity it gave and the dates.</summary>
public sealed record ExportedChat(string ChatId, string QueueId, ChatStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    ExportedEndUser? EndUser, IReadOnlyList<AttachmentInfo> Attachments, SatisfactionRating? Satisfaction, IReadOnlyList<ExportedLine> Entries);

/// <summary>The end user's identity in one chat.</summary>
public sealed record ExportedEndUser(string EndUserId, string DisplayName, VerifiedVisitor? Verified);

/// <summary>One line the end user could see.</summary>
public sealed record ExportedLine(long Seq, DateTimeOffset At, ExportedActor Actor, EntryKind Kind, string Text, AttachmentInfo? Attachment);

/// <summary>Who wrote a line, as the end user saw it.</summary>
public sealed record ExportedActor(ActorKind Kind, string Name);
