namespace LiveChat.Attachments;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Attachments as files under one folder (Gateway:Attachments:Folder; in embedded mode beside the
/// SQLite file, in the data folder): written to a temporary name, flushed to disk, then renamed, so
/// a crash never leaves a half-written attachment under its real name.
/// </summary>
public sealed class FileAttachmentStore(string folder) : IAttachmentStore
{
    private readonly string _root = Path.GetFullPath(folder);

    public async Task SaveAsync(string chatId, string attachmentId, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(chatId, attachmentId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // In the same folder as the attachment, so the rename is atomic.
        var temporary = path + ".partial";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // An upload refused part-way (too large, not what it claimed) leaves nothing behind.
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenAsync(string chatId, string attachmentId, CancellationToken cancellationToken)
    {
        var path = PathOf(chatId, attachmentId);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public Task DeleteAsync(string chatId, string attachmentId)
    {
        File.Delete(PathOf(chatId, attachmentId));
        return Task.CompletedTask;
    }

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        // A real write where attachments go, under a name no attachment has (hashes have no dot).
        Directory.CreateDirectory(_root);
        var probe = Path.Combine(_root, $".ready-{Guid.NewGuid():N}.probe");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    // Ids are hashed into the path: nothing a client sends can name a file outside the store.
    private string PathOf(string chatId, string attachmentId) =>
        Path.Combine(_root, Hash(chatId), Hash(attachmentId));

    private static string Hash(string value) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32].ToLowerInvariant();
}
