namespace LiveChat.Gateway.Attachments;

using System.Text.Unicode;

/// <summary>
/// What a file is, from its bytes: the client's content type is a claim, the signature at the
/// start of the file (or, for text, valid UTF-8 without NULs) is the evidence. Input hygiene, not
/// a product rule: which files a chat may hold, and how many, the chat decides.
/// </summary>
public static class AttachmentTypes
{
    /// <summary>A kind of file: the content types that name it, the extensions that fit it (first: the one given to names without).</summary>
    public sealed record Kind(string Name, IReadOnlyList<string> ContentTypes, IReadOnlyList<string> Extensions);

    public static readonly Kind Png = new("PNG image", ["image/png"], ["png"]);
    public static readonly Kind Jpeg = new("JPEG image", ["image/jpeg", "image/jpg", "image/pjpeg"], ["jpg", "jpeg"]);
    public static readonly Kind Gif = new("GIF image", ["image/gif"], ["gif"]);
    public static readonly Kind Webp = new("WebP image", ["image/webp"], ["webp"]);
    public static readonly Kind Pdf = new("PDF document", ["application/pdf"], ["pdf"]);
    /// <summary>ZIP archives and the Office documents built on them: the signature cannot tell them apart.</summary>
    public static readonly Kind Zip = new("ZIP-based file", ["application/zip", "application/x-zip-compressed",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], ["zip", "docx", "xlsx"]);
    public static readonly Kind Text = new("plain text", ["text/plain", "text/csv"], ["txt", "csv", "log", "md"]);

    /// <summary>Bytes read from the start of a file to find its signature.</summary>
    public const int HeadLength = 16;

    /// <summary>Declared types that say nothing (what browsers and curl send for a file they do not know).</summary>
    public static bool IsGeneric(string contentType) => contentType is "" or "application/octet-stream";

    /// <summary>The kind whose signature starts <paramref name="head"/>; null when none does (then it may still be text).</summary>
    public static Kind? FromSignature(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return Gif;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return Webp;
        if (head.StartsWith("%PDF-"u8)) return Pdf;
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8)) return Zip;
        return null;
    }

    /// <summary>Text: the whole file is valid UTF-8 and holds no NUL (binary files nearly always do).</summary>
    public static bool IsText(ReadOnlySpan<byte> content) => Utf8.IsValid(content) && !content.Contains((byte)0);

    /// <summary>
    /// The kind of <paramref name="content"/> and the content type to store it under, or null when
    /// its bytes are not what <paramref name="declared"/> says (or are nothing we accept). A
    /// generic declared type takes the type the bytes show.
    /// </summary>
    public static async Task<(Kind Kind, string ContentType)?> Identify(Stream content, string declared, long length, CancellationToken ct)
    {
        var head = new byte[HeadLength];
        var read = await content.ReadAtLeastAsync(head, HeadLength, throwOnEndOfStream: false, ct);
        var kind = FromSignature(head.AsSpan(0, read));
        if (kind is null)
        {
            if (length > Array.MaxLength) return null;
            // Text is known only from all of it; attachments are small (Gateway:Attachments:MaxBytes).
            var all = new byte[length];
            head.AsSpan(0, read).CopyTo(all);
            var total = read + await content.ReadAtLeastAsync(all.AsMemory(read), (int)length - read, throwOnEndOfStream: false, ct);
            if (total != length || !IsText(all)) return null;
            kind = Text;
        }
        if (IsGeneric(declared)) return (kind, kind.ContentTypes[0]);
        return kind.ContentTypes.Contains(declared) ? (kind, declared) : null;
    }
}
