namespace LiveChat.Azure.Tests;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using global::Azure.Storage.Blobs;
using LiveChat.Attachments;
using LiveChat.Attachments.AzureBlobs;
using LiveChat.Gateway.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Gateway:Attachments:Store=AzureBlobs chosen by configuration alone: the real gateway keeps
/// attachment bytes as blobs in azurite-blob, and nothing in its file store.
/// </summary>
public sealed class AzureBlobsGatewayTests(AzuriteBlobFixture azurite) : IClassFixture<AzuriteBlobFixture>
{
    [SkippableFact]
    public async Task An_end_user_upload_is_a_blob_the_assignee_downloads()
    {
        azurite.EnsureAvailable();
        var container = "attachments-" + Guid.NewGuid().ToString("N")[..12];
        var gateway = new GatewayFactory();
        gateway.Settings["Gateway:Attachments:Store"] = "AzureBlobs";
        gateway.Settings["Gateway:Attachments:AzureBlobs:ConnectionString"] = azurite.ConnectionString();
        gateway.Settings["Gateway:Attachments:AzureBlobs:ContainerName"] = container;
        try
        {
            await gateway.InitializeAsync();
            Assert.IsType<AzureBlobAttachmentStore>(gateway.Services.GetRequiredService<IAttachmentStore>());

            using var alice = await gateway.SignIn("alice");
            var endUser = await gateway.StartChat("billing");
            await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
            var bytes = "invoice 42 looks wrong, see the attached lines"u8.ToArray();

            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            var upload = await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", new MultipartFormDataContent { { file, "file", "invoice.txt" } });
            await Problems.EnsureSuccess(upload);
            var entry = await upload.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json);
            var attachmentId = entry.GetProperty("attachment").GetProperty("attachmentId").GetString()!;

            var download = await alice.Get($"/api/chats/{endUser.ChatId}/attachments/{attachmentId}");
            await Problems.EnsureSuccess(download);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);

            // The bytes are a blob in the configured container, read here with the Azure SDK.
            var blob = new BlobContainerClient(azurite.ConnectionString(), container)
                .GetBlobClient(AzureBlobAttachmentStore.BlobName(endUser.ChatId, attachmentId));
            Assert.True((await blob.ExistsAsync()).Value, $"blob {blob.Name} is not in container {container}");
            Assert.Equal(bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());
            // And the file store was never used.
            Assert.False(Directory.Exists(Path.Combine(gateway.DataFolder, "attachments")), "the file store wrote attachments");
        }
        finally
        {
            await ((IAsyncLifetime)gateway).DisposeAsync();
        }
    }
}
