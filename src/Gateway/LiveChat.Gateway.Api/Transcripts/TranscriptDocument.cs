namespace LiveChat.Gateway.Transcripts;

// The JSON download's shape, for the OpenAPI document only: JsonTranscriptWriter writes the same
// fields straight to the response (it never builds these objects), so keep the two together.

/// <summary>A downloaded transcript (format=json): the chat, then every entry the reader may see, oldest first.</summary>
public sealed record TranscriptDocument(string ChatId, string QueueId, ChatStatus Status, string EndUser, DateTimeOffset? StartedAt,
    EndReason? EndReason, SatisfactionRating? Satisfaction, DateTimeOffset ExportedAt, IReadOnlyList<TranscriptLine> Entries);

/// <summary>One entry of a downloaded transcript; <see cref="Internal"/>: agents only (side notes, invite steps, agents' joins).</summary>
public sealed record TranscriptLine(long Seq, DateTimeOffset At, TranscriptLineActor Actor, EntryKind Kind, bool Internal, string Text,
    string? RefId, AttachmentInfo? Attachment);

/// <summary>Who wrote a line: its kind, id (an agent's per-chat alias in the end user's download) and name.</summary>
public sealed record TranscriptLineActor(ActorKind Kind, string Id, string Name);
