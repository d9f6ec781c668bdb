namespace LiveChat.Attachments.AzureBlobs;

using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

/// <summary>
/// Attachment bytes as block blobs, one per (chat, attachment), in one container every gateway
/// shares (Gateway:Attachments:Store=AzureBlobs).
/// </summary>
/// <remarks>
/// Blob names are <c>{sha256(chatId)}/{sha256(attachmentId)}</c> in lower-case hex, so nothing a
/// client sends can name a blob outside its chat's folder or outside the container. An upload
/// commits the whole blob at once: a failed or cancelled save never leaves a partial blob under
/// the real name, and a reader opened before an overwrite fails rather than mixing two versions.
/// </remarks>
public sealed class AzureBlobAttachmentStore : IAttachmentStore
{
    private readonly BlobContainerClient _container;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _containerReady;

    /// <summary>A store on an existing client; the container is created on the first save when missing.</summary>
    public AzureBlobAttachmentStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <summary>A store from validated options.</summary>
    public AzureBlobAttachmentStore(AzureBlobAttachmentStoreOptions options)
        : this(CreateContainerClient(options))
    {
    }

    /// <summary>The container this store writes to.</summary>
    public BlobContainerClient Container => _container;

    /// <summary>Stores the bytes durably before returning; replaces an earlier attachment of the same ids.</summary>
    public async Task SaveAsync(string chatId, string attachmentId, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = _container.GetBlobClient(BlobName(chatId, attachmentId));
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await blob.UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "ContainerNotFound")
        {
            // Deleted behind our back: the next save creates it again instead of failing forever.
            _containerReady = false;
            throw;
        }
    }

    /// <summary>A readable stream of the attachment, or null when there is none. The caller disposes it.</summary>
    public async Task<Stream?> OpenAsync(string chatId, string attachmentId, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(chatId, attachmentId));
        try
        {
            // allowModifications: false pins the blob's ETag: an overwrite during the read fails it
            // instead of returning a mix of the old and new bytes.
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // BlobNotFound, or ContainerNotFound before the first save.
            return null;
        }
    }

    /// <summary>Deletes the attachment; nothing happens when there is none.</summary>
    public async Task DeleteAsync(string chatId, string attachmentId)
    {
        var blob = _container.GetBlobClient(BlobName(chatId, attachmentId));
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The container itself does not exist yet: nothing to delete.
        }
    }

    /// <summary>
    /// Throws unless the container takes a write now: creates it when missing, then writes a
    /// one-byte probe blob (a name no attachment has: attachment names are two hex digests).
    /// </summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        _containerReady = false;
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await _container.GetBlobClient(ProbeBlobName).UploadAsync(new BinaryData(new byte[] { 1 }), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The blob the readiness probe writes.</summary>
    public const string ProbeBlobName = "readiness-probe";

    /// <summary>The blob name of an attachment: two SHA-256 hex digests, so ids never shape the path.</summary>
    public static string BlobName(string chatId, string attachmentId)
    {
        ArgumentNullException.ThrowIfNull(chatId);
        ArgumentNullException.ThrowIfNull(attachmentId);
        return Hash(chatId) + "/" + Hash(attachmentId);
    }

    private async ValueTask EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady) return;
        await _createLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_containerReady)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _containerReady = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }

    private static BlobContainerClient CreateContainerClient(AzureBlobAttachmentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new BlobServiceClient(options.ConnectionString, options.ClientOptions).GetBlobContainerClient(options.ContainerName);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
