namespace LiveChat.Storage.AzureTables;

using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Orleans.Runtime;
using Orleans.Storage;

/// <summary>Options of one <see cref="AzureTableGrainStorage"/> provider instance.</summary>
public sealed partial class AzureTableGrainStorageOptions
{
    /// <summary>Default of <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "LiveChatGrainState";

    /// <summary>
    /// Storage account connection string (Azure or Azurite). Required, e.g.
    /// <c>DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The one table holding every state of this provider; created on start when missing.
    /// 3-63 letters and digits, starting with a letter (Azure's rule).
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// True (default): clearing state deletes the entity. False: the entity is kept without a
    /// payload and with a new ETag; reads then report no record, and the next write must present
    /// that ETag.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>Optional SDK client options (retries, diagnostics, transport).</summary>
    public TableClientOptions? ClientOptions { get; set; }

    /// <summary>
    /// Serializer for the payloads. When null, the silo registration uses an
    /// <see cref="IGrainStorageSerializer"/> registered keyed by the provider's name, else Orleans'
    /// binary <see cref="OrleansGrainStorageSerializer"/> (version tolerant through [Id]/[Alias]);
    /// never the silo-wide default, whose JSON names types by "Type, Assembly".
    /// </summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>Throws <see cref="OrleansConfigurationException"/> naming the provider and the bad option.</summary>
    public void Validate(string providerName)
    {
        string Prefix(string option) => $"Azure Table grain storage '{providerName}': {nameof(AzureTableGrainStorageOptions)}.{option}";

        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new OrleansConfigurationException($"{Prefix(nameof(ConnectionString))} is required (a storage account or Azurite connection string).");
        try
        {
            // Parses the connection string without any network traffic.
            _ = new TableServiceClient(ConnectionString, ClientOptions ?? new TableClientOptions());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            // The message of the SDK never contains the key; the connection string itself is not repeated here.
            throw new OrleansConfigurationException($"{Prefix(nameof(ConnectionString))} is not a valid storage connection string: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(TableName) || !TableNamePattern().IsMatch(TableName) || string.Equals(TableName, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new OrleansConfigurationException(
                $"{Prefix(nameof(TableName))} '{TableName}' is not a valid table name: 3-63 letters and digits, starting with a letter, not 'tables'.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
