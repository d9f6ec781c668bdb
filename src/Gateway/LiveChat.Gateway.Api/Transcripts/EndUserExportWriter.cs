namespace LiveChat.Gateway.Transcripts;

using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// An end user's data export (docs/rules.md E5, art. 15) as one JSON document, written chat by chat
/// and read by read straight into the response (as the transcript downloads, D1):
/// <c>{ subject, exportedAt, chats: [ { chatId, queueId, status, startedAt, endedAt, endUser, attachments, satisfaction, entries: [ … ] } ] }</c>.
/// Each chat is what its end user may see of it: never side notes, invites or monitors.
/// </summary>
internal sealed class EndUserExportWriter(Stream body)
{
    private readonly Utf8JsonWriter _json = new(body, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default, Indented = false });

    public const string ContentType = "application/json; charset=utf-8";

    public async Task Begin(DataSubject subject, DateTimeOffset exportedAt)
    {
        _json.WriteStartObject();
        _json.WriteStartObject("subject");
        // Every field of the documented shape is written, null where there is nothing, so typed clients read it.
        _json.WriteString("siteId", subject.SiteId);
        _json.WriteString("customerId", subject.CustomerId);
        _json.WriteString("endUserId", subject.EndUserId);
        _json.WriteEndObject();
        _json.WriteString("exportedAt", exportedAt);
        _json.WriteStartArray("chats");
        await _json.FlushAsync();
    }

    public async Task BeginChat(EndUserChatRef chat, ChatRetentionInfo info, EndUserChatView view)
    {
        _json.WriteStartObject();
        _json.WriteString("chatId", chat.ChatId);
        _json.WriteString("queueId", view.QueueId);
        _json.WriteString("status", view.Status.ToString());
        _json.WriteString("startedAt", chat.StartedAt);
        if (info.EndedAt is { } ended) _json.WriteString("endedAt", ended);
        else _json.WriteNull("endedAt");
        if (info.EndUser is null) _json.WriteNull("endUser");
        else if (info.EndUser is { } endUser)
        {
            _json.WriteStartObject("endUser");
            _json.WriteString("endUserId", endUser.EndUserId);
            _json.WriteString("displayName", endUser.DisplayName);
            if (endUser.Verified is { } verified)
            {
                _json.WriteStartObject("verified");
                _json.WriteString("siteId", verified.SiteId);
                _json.WriteString("customerId", verified.CustomerId);
                _json.WriteString("email", verified.Email);
                _json.WriteEndObject();
            }
            else _json.WriteNull("verified");
            _json.WriteEndObject();
        }
        _json.WriteStartArray("attachments");
        foreach (var file in view.Attachments) WriteAttachment(file);
        _json.WriteEndArray();
        if (view.Satisfaction is { } rating)
        {
            _json.WriteStartObject("satisfaction");
            _json.WriteNumber("rating", rating.Rating);
            _json.WriteString("comment", rating.Comment);
            _json.WriteString("at", rating.At);
            _json.WriteEndObject();
        }
        else _json.WriteNull("satisfaction");
        _json.WriteStartArray("entries");
        await _json.FlushAsync();
    }

    public async Task Write(IReadOnlyList<TranscriptEntry> entries)
    {
        foreach (var entry in entries)
        {
            TranscriptEntryJson.WriteStart(_json, entry, entry.Actor.Kind switch
            {
                ActorKind.System => "System",
                ActorKind.EndUser => "You",
                _ => entry.Actor.Name ?? "Agent",
            }, withActorId: false);
            _json.WriteString("text", entry.Text);
            _json.WritePropertyName("attachment");
            if (entry.Attachment is { } file) WriteAttachment(file);
            else _json.WriteNullValue();
            _json.WriteEndObject();
        }
        await _json.FlushAsync();
    }

    public async Task EndChat()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync();
    }

    public async Task End()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync();
        await _json.DisposeAsync();
    }

    private void WriteAttachment(AttachmentInfo file) => TranscriptEntryJson.WriteAttachment(_json, file);
}
