namespace LiveChat.Storage.AzureTables;

using Orleans;

/// <summary>Runs at silo start, so a misconfigured provider stops the silo with a clear message.</summary>
internal sealed class AzureTableGrainStorageOptionsValidator(AzureTableGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration() => options.Validate(name);
}
