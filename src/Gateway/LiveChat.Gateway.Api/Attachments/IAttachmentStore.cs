namespace LiveChat.Gateway.Attachments;

/// <summary>Where attachment bytes live; the chat grain keeps only their metadata. A cluster store can replace the file one.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores the bytes durably before returning.</summary>
    Task SaveAsync(string chatId, string attachmentId, Stream content, CancellationToken cancellationToken);
    Task<Stream?> OpenAsync(string chatId, string attachmentId, CancellationToken cancellationToken);
    Task DeleteAsync(string chatId, string attachmentId);

    /// <summary>
    /// Throws unless the store can take a file now (its folder writable, its container reachable):
    /// the gateway's readiness asks it, so a gateway whose uploads would fail takes no traffic.
    /// </summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
