namespace LiveChat.Attachments.AzureBlobs;

using System.Text.RegularExpressions;
using Azure.Storage.Blobs;

/// <summary>Options of <see cref="AzureBlobAttachmentStore"/>.</summary>
public sealed partial class AzureBlobAttachmentStoreOptions
{
    public const string DefaultContainerName = "livechat-attachments";

    /// <summary>Storage account connection string (Azure or Azurite). Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Container of the attachments, created on the first save when missing. 3-63 lower-case letters, digits and single dashes.</summary>
    public string ContainerName { get; set; } = DefaultContainerName;

    /// <summary>Optional SDK client options (retries, diagnostics, transport).</summary>
    public BlobClientOptions? ClientOptions { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException($"{nameof(AzureBlobAttachmentStoreOptions)}.{nameof(ConnectionString)} is required (a storage account or Azurite connection string).");
        if (string.IsNullOrEmpty(ContainerName) || !ContainerNamePattern().IsMatch(ContainerName))
        {
            throw new ArgumentException(
                $"{nameof(AzureBlobAttachmentStoreOptions)}.{nameof(ContainerName)} '{ContainerName}' is not a valid container name: " +
                "3-63 lower-case letters, digits and single dashes, starting and ending with a letter or digit.");
        }

        try
        {
            // Parses the connection string without any network traffic.
            _ = new BlobServiceClient(ConnectionString, ClientOptions);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new ArgumentException($"{nameof(AzureBlobAttachmentStoreOptions)}.{nameof(ConnectionString)} is not a valid storage connection string: {e.Message}", e);
        }
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerNamePattern();
}
