namespace LiveChat.Gateway.Transcripts;

using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// The JSON download: <c>{ chatId, queueId, status, …, entries: [ … ] }</c>, written straight to the
/// response as the entries arrive (Utf8JsonWriter, flushed after every read). Each entry says
/// whether it is internal (agents only).
/// </summary>
internal sealed class JsonTranscriptWriter(Stream body) : ITranscriptWriter
{
    // The default encoder escapes <, >, & and quotes too, so the file is safe to embed anywhere.
    private readonly Utf8JsonWriter _json = new(body, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default, Indented = false });

    public string ContentType => "application/json; charset=utf-8";
    public string Extension => "json";

    public async Task Begin(TranscriptHeading heading, DateTimeOffset exportedAt)
    {
        _json.WriteStartObject();
        _json.WriteString("chatId", heading.ChatId);
        _json.WriteString("queueId", heading.QueueId);
        _json.WriteString("status", heading.Status.ToString());
        _json.WriteString("endUser", heading.EndUserName);
        if (heading.StartedAt is { } started) _json.WriteString("startedAt", started);
        if (heading.EndReason is { } reason) _json.WriteString("endReason", reason.ToString());
        if (heading.Satisfaction is { } rating)
        {
            _json.WriteStartObject("satisfaction");
            _json.WriteNumber("rating", rating.Rating);
            if (rating.Comment is not null) _json.WriteString("comment", rating.Comment);
            _json.WriteString("at", rating.At);
            _json.WriteEndObject();
        }
        _json.WriteString("exportedAt", exportedAt);
        _json.WriteStartArray("entries");
        await _json.FlushAsync();
    }

    public async Task Write(TranscriptHeading heading, IReadOnlyList<TranscriptEntry> entries)
    {
        foreach (var entry in entries)
        {
            TranscriptEntryJson.WriteStart(_json, entry, heading.NameOf(entry.Actor), withActorId: true);
            _json.WriteBoolean("internal", TranscriptHeading.IsInternal(entry));
            _json.WriteString("text", entry.Text);
            if (entry.RefId is not null) _json.WriteString("refId", entry.RefId);
            if (entry.Attachment is { } file)
            {
                _json.WritePropertyName("attachment");
                TranscriptEntryJson.WriteAttachment(_json, file);
            }
            _json.WriteEndObject();
        }
        await _json.FlushAsync();
    }

    public async Task End()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync();
        await _json.DisposeAsync();
    }
}
