namespace LiveChat.Gateway.Attachments;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

/// <summary>The file part of an upload: its name and declared type from the part's headers, its bytes still unread in the request body.</summary>
public sealed record AttachmentPart(string? FileName, string? ContentType, Stream Body);

/// <summary>
/// Reads a multipart/form-data upload straight from the request body (no form buffering, no
/// temporary file): the part named <see cref="FieldName"/> that carries a file name is returned
/// with its bytes unread, other fields are skipped on the way (the route's body limit bounds them).
/// </summary>
public static class AttachmentForm
{
    public const string FieldName = "file";
    private const int MaxBoundaryLength = 70;

    public static async Task<AttachmentPart> FindFile(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !string.Equals(media.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw NoFile("Send the file as multipart/form-data, in the form field 'file'.");
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > MaxBoundaryLength)
            throw NoFile("The multipart/form-data body needs a boundary of at most 70 characters.");

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition()
                    || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FieldName, StringComparison.OrdinalIgnoreCase))
                    continue;
                var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                return new AttachmentPart(name, section.ContentType, section.Body);
            }
        }
        catch (IOException error) when (Truncated(error))
        {
            throw Ended();
        }
        throw NoFile("Send one non-empty file in the form field 'file'.");
    }

    /// <summary>A body that ended before its closing boundary (not one over the size limit: that stays a 413).</summary>
    public static bool Truncated(IOException error) => error is not BadHttpRequestException;

    public static RuleViolationException Ended() =>
        new(Rules.A9, RefusalKind.Invalid, "The multipart/form-data body ended before its closing boundary.");

    private static RuleViolationException NoFile(string reason) => new(Rules.A9, RefusalKind.Invalid, reason);
}
