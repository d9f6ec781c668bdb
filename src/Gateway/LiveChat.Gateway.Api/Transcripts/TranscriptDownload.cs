namespace LiveChat.Gateway.Transcripts;

using System.Text;
using Microsoft.Net.Http.Headers;

/// <summary>
/// Streams a transcript download: the chat's reads decide who may read what (A11, the end user's
/// view); this only writes what they return, one read at a time, straight into the response, so
/// a transcript of any length never sits in the gateway's memory whole.
/// </summary>
internal static class TranscriptDownload
{
    /// <summary>
    /// Entries per read: a few of the chat's sealed pages (16 entries each, 64 in older chats), so
    /// each read opens a handful of page grains and the gateway holds at most this many entries.
    /// </summary>
    public const int EntriesPerRead = 64;

    public const string Json = "json", Html = "html";

    /// <summary>Takes 'format' (json, the default, or html); anything else is a malformed request.</summary>
    public static ITranscriptWriter WriterFor(string? format, Stream body) => (format ?? Json).ToLowerInvariant() switch
    {
        Json => new JsonTranscriptWriter(body),
        Html => new HtmlTranscriptWriter(body),
        _ => throw new RuleViolationException(Rules.Request, RefusalKind.Invalid, "'format' must be 'json' or 'html'."),
    };

    /// <summary>
    /// Writes the download. The format is checked first, before any grain call; <paramref name="open"/>
    /// reads the heading and the newest entry's sequence number (the chat's, or the end user's own), and
    /// <paramref name="read"/> the entries after a sequence number. Both happen before anything is
    /// written, so a refusal is still an ordinary problem answer. Entries appended during the download
    /// are left out: it ends at the newest entry when it began.
    /// </summary>
    public static async Task Write(HttpContext http, string? format, TimeProvider time,
        Func<Task<(TranscriptHeading Heading, long LastSeq)>> open, Func<long, int, Task<TranscriptSlice>> read)
    {
        var writer = WriterFor(format, http.Response.Body);
        var (heading, lastSeq) = await open();
        var slice = await read(0, EntriesPerRead);

        var response = http.Response;
        response.ContentType = writer.ContentType;
        // The file name is built from the chat id's safe characters only; the header escapes the rest.
        var disposition = new ContentDispositionHeaderValue(writer is HtmlTranscriptWriter ? "inline" : "attachment");
        disposition.SetHttpFileName($"chat-{SafeFilePart(heading.ChatId)}-transcript.{writer.Extension}");
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";

        await writer.Begin(heading, time.GetUtcNow());
        while (true)
        {
            var entries = slice.Entries.Where(e => e.Seq <= lastSeq).ToList();
            if (entries.Count > 0) await writer.Write(heading, entries);
            if (!slice.HasMore || slice.LastSeq >= lastSeq || http.RequestAborted.IsCancellationRequested) break;
            slice = await read(slice.LastSeq, EntriesPerRead);
        }
        await writer.End();
    }

    private static string SafeFilePart(string id)
    {
        var safe = new StringBuilder(id.Length);
        foreach (var c in id) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return safe.Length == 0 ? "chat" : safe.ToString();
    }
}
