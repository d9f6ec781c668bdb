namespace LiveChat.Gateway.Tests;

using LiveChat.Attachments;
using LiveChat.Attachments.AzureBlobs;
using LiveChat.Gateway.Attachments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>
/// The one registration (<see cref="AttachmentStoreSetup.AddLiveChatAttachmentStore"/>) picks the
/// attachment store from configuration alone: files by default or with Store=File (in the folder the
/// options hold after every PostConfigure, as embedded mode sets it), blobs with Store=AzureBlobs;
/// exactly one store is registered, and registering it before or after anything else changes nothing.
/// Building the blob store makes no network call, so no Azurite is needed here (LiveChat.Azure.Tests
/// stores real blobs).
/// </summary>
public sealed class AttachmentStoreSetupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "livechat-store-setup", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? after = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLiveChatAttachmentStore(configuration);
        Assert.Single(services, d => d.ServiceType == typeof(IAttachmentStore));
        after?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task<string[]> SaveOneAndListFolder(IAttachmentStore store, string folder)
    {
        await store.SaveAsync("chat-1", "attachment-1", new MemoryStream([1, 2, 3]), CancellationToken.None);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
    }

    [Theory]
    [InlineData(null)]
    [InlineData("File")]
    public async Task Without_a_store_or_with_File_the_files_go_to_the_configured_folder(string? store)
    {
        var folder = Path.Combine(_folder, "configured");
        await using var services = Build(new() { ["Gateway:Attachments:Store"] = store, ["Gateway:Attachments:Folder"] = folder });

        var chosen = Assert.IsType<FileAttachmentStore>(services.GetRequiredService<IAttachmentStore>());
        Assert.Single(await SaveOneAndListFolder(chosen, folder));
    }

    [Fact]
    public async Task The_file_store_takes_the_folder_a_later_PostConfigure_sets()
    {
        // Embedded mode: no Folder configured, so the gateway program moves it into the data folder.
        var dataFolder = Path.Combine(_folder, "data", "attachments");
        await using var services = Build([], after: s => s.PostConfigure<AttachmentOptions>(o => o.Folder = dataFolder));

        Assert.Equal(dataFolder, services.GetRequiredService<IOptions<AttachmentOptions>>().Value.Folder);
        Assert.Single(await SaveOneAndListFolder(services.GetRequiredService<IAttachmentStore>(), dataFolder));
    }

    [Fact]
    public async Task With_AzureBlobs_the_store_is_the_configured_container()
    {
        await using var services = Build(new()
        {
            ["Gateway:Attachments:Store"] = "AzureBlobs",
            ["Gateway:Attachments:AzureBlobs:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Gateway:Attachments:AzureBlobs:ContainerName"] = "setup-test-attachments",
            ["Gateway:Attachments:Folder"] = _folder,
        });

        var chosen = Assert.IsType<AzureBlobAttachmentStore>(services.GetRequiredService<IAttachmentStore>());
        Assert.Equal("setup-test-attachments", chosen.Container.Name);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public async Task With_AzureBlobs_and_no_container_name_the_default_container_is_used()
    {
        await using var services = Build(new()
        {
            ["Gateway:Attachments:Store"] = "azureblobs",
            ["Gateway:Attachments:AzureBlobs:ConnectionString"] = "UseDevelopmentStorage=true",
        });

        var chosen = Assert.IsType<AzureBlobAttachmentStore>(services.GetRequiredService<IAttachmentStore>());
        Assert.Equal(AzureBlobAttachmentStoreOptions.DefaultContainerName, chosen.Container.Name);
    }
}
