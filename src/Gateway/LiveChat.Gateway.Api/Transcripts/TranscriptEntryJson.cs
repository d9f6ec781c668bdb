namespace LiveChat.Gateway.Transcripts;

using System.Text.Json;

/// <summary>
/// The JSON of one transcript entry's common fields and of a file, shared by the agents' transcript
/// download (D1) and the end user's data export (E5) so that both documents name them alike.
/// </summary>
internal static class TranscriptEntryJson
{
    /// <summary>
    /// Opens the entry's object: seq, at, actor { kind, id (agents' copy only: the end user's never
    /// names agents by id), name }, kind. The caller adds the rest and closes it.
    /// </summary>
    public static void WriteStart(Utf8JsonWriter json, TranscriptEntry entry, string actorName, bool withActorId)
    {
        json.WriteStartObject();
        json.WriteNumber("seq", entry.Seq);
        json.WriteString("at", entry.At);
        json.WriteStartObject("actor");
        json.WriteString("kind", entry.Actor.Kind.ToString());
        if (withActorId) json.WriteString("id", entry.Actor.Id);
        json.WriteString("name", actorName);
        json.WriteEndObject();
        json.WriteString("kind", entry.Kind.ToString());
    }

    /// <summary>A file as an object value: attachmentId, fileName, contentType, size.</summary>
    public static void WriteAttachment(Utf8JsonWriter json, AttachmentInfo file)
    {
        json.WriteStartObject();
        json.WriteString("attachmentId", file.AttachmentId);
        json.WriteString("fileName", file.FileName);
        json.WriteString("contentType", file.ContentType);
        json.WriteNumber("size", file.Size);
        json.WriteEndObject();
    }
}
