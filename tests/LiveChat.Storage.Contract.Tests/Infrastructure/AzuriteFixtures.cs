namespace LiveChat.Storage.Contract.Tests.Infrastructure;

using System.Globalization;

/// <summary>
/// An Azurite service (table or blob) on a free loopback port, in memory, shared by the test
/// classes of this process (each uses its own table or container); killed with its last user.
/// </summary>
public abstract class AzuriteFixture : ExternalServerFixture
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>"table" or "blob".</summary>
    protected abstract string Service { get; }

    protected override string ServerName => $"azurite-{Service}";

    protected override bool Shared => true;

    /// <summary>LIVECHAT_AZURITE_TABLE_PORT / LIVECHAT_AZURITE_BLOB_PORT: the server scripts/test.sh started for the run.</summary>
    protected override int? RunningPort =>
        int.TryParse(Environment.GetEnvironmentVariable($"LIVECHAT_AZURITE_{Service.ToUpperInvariant()}_PORT"), out var port) ? port : null;

    protected override string InstallHint => "scripts/install-azurite.sh (npm install of azurite into .tools/azurite)";

    protected override string? FindProgram()
    {
        var program = Path.Combine(TestEnvironment.RepositoryRoot, ".tools", "azurite", "node_modules", ".bin", ServerName);
        return File.Exists(program) ? program : null;
    }

    protected override IEnumerable<string> Arguments(int port, string dataFolder) =>
    [
        $"--{Service}Host", "127.0.0.1",
        $"--{Service}Port", port.ToString(CultureInfo.InvariantCulture),
        // In memory (Azurite refuses --location with it); its working directory is the temp folder.
        "--inMemoryPersistence",
        "--skipApiVersionCheck",
        "--loose",
        "--silent",
        "--disableTelemetry",
    ];

    protected static string ConnectionString(string endpointName, int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};{endpointName}=http://127.0.0.1:{port}/{AccountName};";
}

/// <summary>azurite-table for the Azure Table grain storage.</summary>
public sealed class AzuriteTableFixture : AzuriteFixture
{
    protected override string Service => "table";

    public string ConnectionString() => ConnectionString("TableEndpoint", Port);
}

/// <summary>azurite-blob for the blob attachment store.</summary>
public sealed class AzuriteBlobFixture : AzuriteFixture
{
    protected override string Service => "blob";

    public string ConnectionString() => ConnectionString("BlobEndpoint", Port);
}
