using LiveChat.Attachments.AzureBlobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AzureBlobAttachmentStore"/> as a singleton.</summary>
public static class AzureBlobAttachmentStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store with options validated when the host starts (and on first use). The
    /// gateway maps its IAttachmentStore onto it, e.g. with a small adapter resolving this singleton.
    /// </summary>
    public static IServiceCollection AddAzureBlobAttachmentStore(this IServiceCollection services, Action<AzureBlobAttachmentStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<AzureBlobAttachmentStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureBlobAttachmentStoreOptions>, OptionsValidator>());
        services.TryAddSingleton(static sp => new AzureBlobAttachmentStore(sp.GetRequiredService<IOptions<AzureBlobAttachmentStoreOptions>>().Value));
        return services;
    }

    private sealed class OptionsValidator : IValidateOptions<AzureBlobAttachmentStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, AzureBlobAttachmentStoreOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
