namespace LiveChat.Gateway.Attachments;

using LiveChat.Attachments;
using LiveChat.Attachments.AzureBlobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

/// <summary>Where the gateway keeps attachment bytes (section "Gateway:Attachments", key Store).</summary>
public enum AttachmentStoreKind
{
    /// <summary>Files under Gateway:Attachments:Folder (<see cref="FileAttachmentStore"/>): one gateway, or a shared volume.</summary>
    File,
    /// <summary>Blobs in an Azure Storage container (section "Gateway:Attachments:AzureBlobs"): shared by every gateway.</summary>
    AzureBlobs,
}

/// <summary>
/// The attachment store keys of section "Gateway:Attachments" (its other keys, Folder, MaxBytes and
/// AllowedContentTypes, are <see cref="AttachmentOptions"/>), e.g. <c>Gateway__Attachments__Store=AzureBlobs</c>,
/// <c>Gateway__Attachments__AzureBlobs__ConnectionString=DefaultEndpointsProtocol=https;AccountName=…</c>.
/// </summary>
public sealed class AttachmentStoreSettings
{
    public const string Section = AttachmentOptions.Section;
    public const string StoreKey = Section + ":Store";
    public const string ConnectionStringKey = Section + ":AzureBlobs:ConnectionString";
    public const string ContainerNameKey = Section + ":AzureBlobs:ContainerName";

    /// <summary>File (default) or AzureBlobs.</summary>
    public AttachmentStoreKind Store { get; set; } = AttachmentStoreKind.File;
    /// <summary>The storage account and container for <c>Store=AzureBlobs</c>.</summary>
    public AzureBlobAttachmentSettings AzureBlobs { get; set; } = new();

    /// <summary>The settings in <paramref name="configuration"/>; a Store that is not a known kind fails with a message naming the key.</summary>
    public static AttachmentStoreSettings Read(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(Section).Get<AttachmentStoreSettings>() ?? new AttachmentStoreSettings();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"{StoreKey} must be {string.Join(" or ", Enum.GetNames<AttachmentStoreKind>())}, not '{configuration[StoreKey]}'.", e);
        }
    }
}

/// <summary>Section "Gateway:Attachments:AzureBlobs".</summary>
public sealed class AzureBlobAttachmentSettings
{
    /// <summary>A storage account or Azurite connection string. Required with <c>Store=AzureBlobs</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The container of the attachments, created on the first upload when missing.</summary>
    public string ContainerName { get; set; } = AzureBlobAttachmentStoreOptions.DefaultContainerName;
}

/// <summary>The one place the gateway's attachment store is chosen and registered.</summary>
public static class AttachmentStoreSetup
{
    /// <summary>
    /// Binds <see cref="AttachmentOptions"/> and registers the one <see cref="IAttachmentStore"/> that
    /// "Gateway:Attachments:Store" names: <see cref="FileAttachmentStore"/> in Gateway:Attachments:Folder,
    /// or <see cref="AzureBlobAttachmentStore"/>. <c>AddLiveChatGateway</c> calls it. Bad settings fail
    /// here, before the gateway starts, with a message naming the key.
    /// </summary>
    public static IServiceCollection AddLiveChatAttachmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section));
        var settings = AttachmentStoreSettings.Read(configuration);
        switch (settings.Store)
        {
            case AttachmentStoreKind.File:
                // The folder as the options give it after every PostConfigure (embedded mode: the data folder).
                services.AddSingleton<IAttachmentStore>(sp => new FileAttachmentStore(sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Folder));
                break;
            case AttachmentStoreKind.AzureBlobs:
                var options = RequireAzureBlobs(settings.AzureBlobs);
                services.AddSingleton<IAttachmentStore>(_ => new AzureBlobAttachmentStore(options));
                break;
            default:
                throw new InvalidOperationException($"{AttachmentStoreSettings.StoreKey} must be File or AzureBlobs, not '{settings.Store}'.");
        }
        return services;
    }

    private static AzureBlobAttachmentStoreOptions RequireAzureBlobs(AzureBlobAttachmentSettings blobs)
    {
        if (string.IsNullOrWhiteSpace(blobs.ConnectionString))
        {
            throw new InvalidOperationException(
                $"{AttachmentStoreSettings.StoreKey}=AzureBlobs needs {AttachmentStoreSettings.ConnectionStringKey}: a storage account connection string " +
                "(DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net) or Azurite's.");
        }
        // The store's own check (no network), first with its default container name (so a failure is the
        // connection string's), then with the configured one.
        Check(AttachmentStoreSettings.ConnectionStringKey, new AzureBlobAttachmentStoreOptions { ConnectionString = blobs.ConnectionString });
        var options = new AzureBlobAttachmentStoreOptions { ConnectionString = blobs.ConnectionString, ContainerName = blobs.ContainerName };
        Check(AttachmentStoreSettings.ContainerNameKey, options);
        return options;

        static void Check(string key, AzureBlobAttachmentStoreOptions candidate)
        {
            try
            {
                candidate.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"{AttachmentStoreSettings.StoreKey}=AzureBlobs: {key} is not valid. {e.Message}", e);
            }
        }
    }
}
