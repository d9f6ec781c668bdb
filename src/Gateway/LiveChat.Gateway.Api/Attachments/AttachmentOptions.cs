namespace LiveChat.Gateway.Attachments;

/// <summary>Section "Gateway:Attachments": the uploads the gateway takes and where the file store keeps them.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Gateway:Attachments";

    /// <summary>Folder of the file store (embedded mode: under the data folder).</summary>
    public string Folder { get; set; } = Path.Combine("data", "attachments");
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>How often the gateway deletes the files of erased chats (docs/rules.md E8).</summary>
    public TimeSpan ErasureInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// Types a file may be sent and stored as; the bytes must show the same type
    /// (<see cref="AttachmentTypes"/>), so a type the sniffer does not know can never be stored.
    /// </summary>
    public List<string> AllowedContentTypes { get; set; } =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv", "application/zip",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];
}
