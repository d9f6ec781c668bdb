namespace LiveChat.Gateway.Transcripts;

/// <summary>One download format. Called in order: the heading, then each read's entries, then the end; nothing is kept between calls.</summary>
internal interface ITranscriptWriter
{
    string ContentType { get; }
    string Extension { get; }
    Task Begin(TranscriptHeading heading, DateTimeOffset exportedAt);
    Task Write(TranscriptHeading heading, IReadOnlyList<TranscriptEntry> entries);
    Task End();
}
