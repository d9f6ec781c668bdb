namespace LiveChat.Storage.Contract.Tests.AzureStorage;

using Azure.Storage.Blobs;
using LiveChat.Attachments.AzureBlobs;
using LiveChat.Storage.Contract.Tests.Infrastructure;

/// <summary><see cref="AzureBlobAttachmentStore"/> against azurite-blob, a container per test.</summary>
public sealed class AzureBlobAttachmentStoreTests(AzuriteBlobFixture azurite) : IClassFixture<AzuriteBlobFixture>
{
    private readonly string _container = "attachments-" + Guid.NewGuid().ToString("N");

    private AzureBlobAttachmentStore Create()
    {
        azurite.EnsureAvailable();
        return new AzureBlobAttachmentStore(new AzureBlobAttachmentStoreOptions { ConnectionString = azurite.ConnectionString(), ContainerName = _container });
    }

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static async Task<byte[]?> ReadAllAsync(AzureBlobAttachmentStore store, string chatId, string attachmentId)
    {
        await using var stream = await store.OpenAsync(chatId, attachmentId, CancellationToken.None);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [SkippableFact]
    public async Task Saved_bytes_open_again_in_a_new_store_instance()
    {
        var data = Bytes(3 * 1024 * 1024 + 17, 1);
        await Create().SaveAsync("chat-1", "att-1", new MemoryStream(data), CancellationToken.None);
        await Create().SaveAsync("chat-1", "empty", new MemoryStream(), CancellationToken.None);

        Assert.Equal(data, await ReadAllAsync(Create(), "chat-1", "att-1"));
        Assert.Equal(Array.Empty<byte>(), await ReadAllAsync(Create(), "chat-1", "empty"));
    }

    [SkippableFact]
    public async Task Missing_attachment_opens_as_null_before_and_after_the_container_exists()
    {
        var store = Create();
        Assert.Null(await store.OpenAsync("chat-1", "nothing", CancellationToken.None));

        await store.SaveAsync("chat-1", "something", new MemoryStream([1]), CancellationToken.None);

        Assert.Null(await store.OpenAsync("chat-1", "nothing", CancellationToken.None));
        Assert.Null(await store.OpenAsync("chat-2", "something", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Delete_removes_and_deleting_nothing_is_fine()
    {
        var store = Create();
        await store.DeleteAsync("chat-1", "never"); // container not created yet
        await store.SaveAsync("chat-1", "att", new MemoryStream([1, 2, 3]), CancellationToken.None);

        await store.DeleteAsync("chat-1", "att");
        await store.DeleteAsync("chat-1", "att");

        Assert.Null(await store.OpenAsync("chat-1", "att", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Saving_again_replaces_the_bytes()
    {
        var store = Create();
        await store.SaveAsync("chat-1", "att", new MemoryStream(Bytes(1000, 1)), CancellationToken.None);
        var second = Bytes(10, 2);

        await store.SaveAsync("chat-1", "att", new MemoryStream(second), CancellationToken.None);

        Assert.Equal(second, await ReadAllAsync(store, "chat-1", "att"));
    }

    [SkippableFact]
    public async Task Blob_names_are_hashes_so_ids_cannot_leave_their_place()
    {
        var store = Create();
        (string Chat, string Attachment)[] ids =
        [
            ("../../other-container", "../x"), ("chat/1", "a"), ("chat", "1/a"), ("chat-1", "/etc/passwd"), ("chat-1", "..%2F..%2Fx"),
            ("chat-1", "a?b#c"), ("chat-1", ""), ("", "a"), ("ü", "😀"),
        ];
        for (var i = 0; i < ids.Length; i++)
        {
            await store.SaveAsync(ids[i].Chat, ids[i].Attachment, new MemoryStream([(byte)i]), CancellationToken.None);
        }

        var names = new List<string>();
        await foreach (var blob in store.Container.GetBlobsAsync()) names.Add(blob.Name);

        Assert.Equal(ids.Length, names.Count);
        Assert.All(names, name => Assert.Matches("^[0-9a-f]{64}/[0-9a-f]{64}$", name));
        Assert.Equal(ids.Select(id => AzureBlobAttachmentStore.BlobName(id.Chat, id.Attachment)).Order(), names.Order());
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(new[] { (byte)i }, await ReadAllAsync(store, ids[i].Chat, ids[i].Attachment));
        }

        // Nothing was written outside the store's container.
        var service = new BlobServiceClient(azurite.ConnectionString());
        var containers = new List<string>();
        await foreach (var container in service.GetBlobContainersAsync()) containers.Add(container.Name);
        Assert.DoesNotContain("other-container", containers);
    }

    [Fact]
    public void Options_are_validated_with_the_option_named()
    {
        Assert.Contains("ConnectionString", Assert.Throws<ArgumentException>(() => new AzureBlobAttachmentStoreOptions().Validate()).Message);
        foreach (var name in new[] { "", "ab", "Upper", "under_score", "-lead", "trail-", "dou--ble", new string('a', 64) })
        {
            var options = new AzureBlobAttachmentStoreOptions { ConnectionString = "UseDevelopmentStorage=true", ContainerName = name };
            Assert.Contains("ContainerName", Assert.Throws<ArgumentException>(options.Validate).Message);
        }

        new AzureBlobAttachmentStoreOptions { ConnectionString = "UseDevelopmentStorage=true", ContainerName = "a-1" + new string('b', 60) }.Validate();
    }
}
