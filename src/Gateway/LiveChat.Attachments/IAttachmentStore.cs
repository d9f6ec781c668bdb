namespace LiveChat.Attachments;

/// <summary>
/// Where attachment bytes live; the chat grain keeps only their metadata. Two stores:
/// <see cref="FileAttachmentStore"/> (one gateway, or a shared volume) and
/// <see cref="AzureBlobs.AzureBlobAttachmentStore"/> (a container every gateway shares).
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the bytes durably before returning; replaces an earlier attachment of the same ids.</summary>
    Task SaveAsync(string chatId, string attachmentId, Stream content, CancellationToken cancellationToken);

    /// <summary>A readable stream of the attachment, or null when there is none. The caller disposes it.</summary>
    Task<Stream?> OpenAsync(string chatId, string attachmentId, CancellationToken cancellationToken);

    /// <summary>Deletes the attachment; nothing happens when there is none.</summary>
    Task DeleteAsync(string chatId, string attachmentId);

    /// <summary>
    /// Throws unless the store can take a file now (its folder writable, its container reachable):
    /// the gateway's readiness asks it, so a gateway whose uploads would fail takes no traffic.
    /// </summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
