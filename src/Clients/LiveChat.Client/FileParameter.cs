namespace LiveChat.Client;

/// <summary>
/// A file sent in a multipart upload (the attachment routes). NSwag 14.7 does not emit this type
/// for an OpenAPI 3.1 document whose form field is a referenced schema, so it is written here, with
/// the shape the generated client expects.
/// </summary>
public sealed class FileParameter(Stream data, string? fileName = null, string? contentType = null)
{
    public Stream Data { get; } = data;
    public string? FileName { get; } = fileName;
    public string? ContentType { get; } = contentType;
}
