namespace LiveChat.Gateway.Transcripts;

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

/// <summary>
/// The printable HTML download: a static page (no script, styles from /css/transcript.css with a
/// print stylesheet, so it runs under the product's Content-Security-Policy). Every text from a
/// user (messages, names, file names, comments, ids) is HTML-encoded; internal lines are marked.
/// Written to the response as the entries arrive.
/// </summary>
internal sealed class HtmlTranscriptWriter(Stream body) : ITranscriptWriter
{
    private readonly StreamWriter _html = new(body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public string ContentType => "text/html; charset=utf-8";
    public string Extension => "html";

    private static string E(string? text) => Encoder.Encode(text ?? "");
    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public async Task Begin(TranscriptHeading heading, DateTimeOffset exportedAt)
    {
        await _html.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Transcript of chat {E(heading.ChatId)}</title>
            <link rel="stylesheet" href="/css/transcript.css">
            </head>
            <body>
            <header>
            <h1>Chat transcript</h1>
            <dl class="facts">
            <dt>Chat</dt><dd>{E(heading.ChatId)}</dd>
            <dt>Queue</dt><dd>{E(heading.QueueId)}</dd>
            <dt>Status</dt><dd>{E(heading.Status.ToString())}{(heading.EndReason is { } reason ? $" ({E(reason.ToString())})" : "")}</dd>
            {(heading.ForEndUser ? "" : $"<dt>Customer</dt><dd>{E(heading.EndUserName)}</dd>")}
            {(heading.StartedAt is { } started ? $"<dt>Started</dt><dd>{Time(started)}</dd>" : "")}
            {(heading.Satisfaction is { } rating ? $"<dt>Rating</dt><dd>{rating.Rating} of {SatisfactionLimits.MaxRating}{(rating.Comment is null ? "" : $": <q>{E(rating.Comment)}</q>")}</dd>" : "")}
            <dt>Exported</dt><dd>{Time(exportedAt)}</dd>
            </dl>
            {(heading.ForEndUser ? "" : "<p class=\"legend\">Lines marked <span class=\"tag\">Internal</span> (side notes, invites, agents' joins) were never shown to the customer.</p>")}
            </header>
            <ol class="transcript">

            """);
        await _html.FlushAsync();
    }

    public async Task Write(TranscriptHeading heading, IReadOnlyList<TranscriptEntry> entries)
    {
        foreach (var entry in entries)
        {
            var isInternal = TranscriptHeading.IsInternal(entry);
            var classes = $"entry kind-{entry.Kind.ToString().ToLowerInvariant()} by-{entry.Actor.Kind.ToString().ToLowerInvariant()}{(isInternal ? " internal" : "")}";
            await _html.WriteAsync($"<li class=\"{classes}\" value=\"{entry.Seq}\">");
            await _html.WriteAsync($"<time datetime=\"{entry.At.UtcDateTime:O}\">{Time(entry.At)}</time> ");
            if (isInternal) await _html.WriteAsync("<span class=\"tag\">Internal</span> ");
            await _html.WriteAsync($"<span class=\"who\">{E(heading.NameOf(entry.Actor))}</span> ");
            await _html.WriteAsync($"<span class=\"text\">{E(entry.Text)}</span>");
            if (entry.Attachment is { } file)
                await _html.WriteAsync($" <span class=\"file\">{E(file.FileName)} ({file.Size.ToString(CultureInfo.InvariantCulture)} bytes)</span>");
            await _html.WriteLineAsync("</li>");
        }
        await _html.FlushAsync();
    }

    public async Task End()
    {
        await _html.WriteAsync("</ol>\n</body>\n</html>\n");
        await _html.FlushAsync();
        await _html.DisposeAsync();
    }
}
