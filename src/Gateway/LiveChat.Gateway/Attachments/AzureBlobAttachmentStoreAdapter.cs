namespace LiveChat.Gateway.Attachments;

using LiveChat.Attachments.AzureBlobs;

/// <summary>The gateway's <see cref="IAttachmentStore"/> on <see cref="AzureBlobAttachmentStore"/>: every call delegated as is.</summary>
public sealed class AzureBlobAttachmentStoreAdapter(AzureBlobAttachmentStore store) : IAttachmentStore
{
    public Task SaveAsync(string chatId, string attachmentId, Stream content, CancellationToken cancellationToken) =>
        store.SaveAsync(chatId, attachmentId, content, cancellationToken);

    public Task<Stream?> OpenAsync(string chatId, string attachmentId, CancellationToken cancellationToken) =>
        store.OpenAsync(chatId, attachmentId, cancellationToken);

    public Task DeleteAsync(string chatId, string attachmentId) => store.DeleteAsync(chatId, attachmentId);

    public Task ProbeAsync(CancellationToken cancellationToken) => store.ProbeAsync(cancellationToken);
}
