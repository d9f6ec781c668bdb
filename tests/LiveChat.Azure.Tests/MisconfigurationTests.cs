namespace LiveChat.Azure.Tests;

using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Testing;
using LiveChat.Grains.Common;
using LiveChat.Storage.AzureTables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
// Ours, not the type of the same name in Orleans' Azure package (which LiveChat.Hosting references for the Blob provider).
using AzureTableGrainStorage = LiveChat.Storage.AzureTables.AzureTableGrainStorage;

/// <summary>
/// The Azure choices fail fast: a host with bad settings stops before it starts, with a message naming
/// the key to fix. No Azurite needed: nothing here reaches the network.
/// </summary>
public sealed class MisconfigurationTests
{
    // Well-formed, pointing nowhere: only parsed, never contacted.
    private const string Account = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.AccountKey +
        ";TableEndpoint=http://127.0.0.1:9/devstoreaccount1;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Theory]
    [InlineData("Localhost")]
    [InlineData("Redis")]
    public void Silo_storage_AzureTables_without_a_connection_string_names_the_key(string clustering)
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => SiloHost.Build(new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = clustering,
            ["Silo:Redis:ConnectionString"] = "127.0.0.1:9",
            ["Silo:Storage"] = "AzureTables",
        }).Dispose());
        Assert.Contains("Silo:AzureTables:ConnectionString", error.Message);
    }

    [Theory]
    [InlineData("Silo:AzureTables:ConnectionString", "not a connection string")]
    [InlineData("Silo:AzureTables:TableName", "no_such-table")]
    public void Silo_storage_AzureTables_with_a_bad_value_names_the_key(string key, string value)
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => SiloHost.Build(new Dictionary<string, string?>
        {
            ["Silo:Storage"] = "AzureTables",
            ["Silo:AzureTables:ConnectionString"] = Account,
            [key] = value,
        }).Dispose());
        Assert.Contains(key, error.Message);
    }

    [Theory]
    [InlineData("Localhost")]
    [InlineData("Redis")]
    public void Silo_storage_AzureTables_is_shared_storage_valid_with_either_clustering(string clustering)
    {
        using var host = SiloHost.Build(new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = clustering,
            ["Silo:Redis:ConnectionString"] = "127.0.0.1:9",
            ["Silo:Storage"] = "AzureTables",
            ["Silo:AzureTables:ConnectionString"] = Account,
        });
        Assert.IsType<AzureTableGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.LiveChat));
        // Silo:AzureTables:TableName unset: the provider's default table.
        var options = host.Services.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(StorageNames.LiveChat);
        Assert.Equal(AzureTableGrainStorageOptions.DefaultTableName, options.TableName);
    }

    [Theory]
    [InlineData(null, null, "Silo:AzureBlobs:ConnectionString")]
    [InlineData("not a connection string", null, "Silo:AzureBlobs:ConnectionString")]
    [InlineData(Account, "Bad_Container", "Silo:AzureBlobs:ContainerName")]
    public void Silo_storage_AzureBlobs_with_bad_settings_names_the_key(string? connectionString, string? container, string key)
    {
        var settings = new Dictionary<string, string?> { ["Silo:Storage"] = "AzureBlobs" };
        if (connectionString is not null) settings["Silo:AzureBlobs:ConnectionString"] = connectionString;
        if (container is not null) settings["Silo:AzureBlobs:ContainerName"] = container;
        var error = Assert.Throws<OrleansConfigurationException>(() => SiloHost.Build(settings).Dispose());
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Silo_storage_AzureBlobs_is_Orleans_Blob_provider_on_the_AzureTables_account_when_it_names_none()
    {
        using var host = SiloHost.Build(new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = "AzureTables",
            ["Silo:AzureTables:ConnectionString"] = Account,
            ["Silo:Storage"] = "AzureBlobs",
        });
        Assert.IsType<AzureBlobGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.LiveChat));
        var options = host.Services.GetRequiredService<IOptionsMonitor<Orleans.Configuration.AzureBlobStorageOptions>>().Get(StorageNames.LiveChat);
        Assert.Equal(LiveChat.Hosting.AzureBlobsSettings.DefaultContainerName, options.ContainerName);
        Assert.IsType<OrleansGrainStorageSerializer>(options.GrainStorageSerializer);
        Assert.Equal("http://127.0.0.1:9/devstoreaccount1", options.BlobServiceClient!.Uri.ToString().TrimEnd('/'));
    }

    [Theory]
    [InlineData(null, "Silo:AzureTables:ConnectionString")]
    [InlineData("not a connection string", "Silo:AzureTables:ConnectionString")]
    public void Silo_clustering_AzureTables_with_a_bad_account_names_the_key(string? connectionString, string key)
    {
        var settings = new Dictionary<string, string?> { ["Silo:Clustering"] = "AzureTables", ["Silo:Storage"] = "Redis", ["Silo:Redis:ConnectionString"] = "127.0.0.1:9" };
        if (connectionString is not null) settings["Silo:AzureTables:ConnectionString"] = connectionString;
        var error = Assert.Throws<OrleansConfigurationException>(() => SiloHost.Build(settings).Dispose());
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Silo_clustering_AzureTables_with_a_bad_table_name_names_the_key()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => SiloHost.Build(new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = "AzureTables",
            ["Silo:AzureTables:ConnectionString"] = Account,
            ["Silo:AzureTables:ClusteringTableName"] = "no_such-table",
            ["Silo:Storage"] = "AzureTables",
        }).Dispose());
        Assert.Contains("Silo:AzureTables:ClusteringTableName", error.Message);
    }

    [Fact]
    public void Silo_Sqlite_storage_with_AzureTables_clustering_is_refused()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => SiloHost.Build(new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = "AzureTables",
            ["Silo:AzureTables:ConnectionString"] = Account,
        }).Dispose());
        Assert.Contains("Silo:Storage=Sqlite", error.Message);
    }

    [Theory]
    [InlineData(null, null, "Gateway:Attachments:AzureBlobs:ConnectionString")]
    [InlineData(Account, "Bad_Container", "Gateway:Attachments:AzureBlobs:ContainerName")]
    [InlineData("not a connection string", null, "Gateway:Attachments:AzureBlobs:ConnectionString")]
    public async Task Gateway_attachments_AzureBlobs_with_bad_settings_stops_the_gateway_naming_the_key(string? connectionString, string? container, string key)
    {
        var gateway = new GatewayFactory();
        gateway.Settings["Gateway:Attachments:Store"] = "AzureBlobs";
        if (connectionString is not null) gateway.Settings["Gateway:Attachments:AzureBlobs:ConnectionString"] = connectionString;
        if (container is not null) gateway.Settings["Gateway:Attachments:AzureBlobs:ContainerName"] = container;
        Assert.Contains(key, await StartFailure(gateway));
    }

    [Fact]
    public async Task Gateway_attachments_store_of_an_unknown_kind_stops_the_gateway_naming_the_key()
    {
        var gateway = new GatewayFactory();
        gateway.Settings["Gateway:Attachments:Store"] = "S3";
        var message = await StartFailure(gateway);
        Assert.Contains(AttachmentStoreSettings.StoreKey, message);
        Assert.Contains("'S3'", message);
    }

    /// <summary>Starts the gateway, which must fail; the messages of the exception and its inner ones.</summary>
    private static async Task<string> StartFailure(GatewayFactory gateway)
    {
        try
        {
            var error = await Record.ExceptionAsync(() => gateway.InitializeAsync());
            Assert.NotNull(error);
            var messages = new List<string>();
            for (var e = error; e is not null; e = e.InnerException) messages.Add($"{e.GetType().Name}: {e.Message}");
            return string.Join(" <- ", messages);
        }
        finally
        {
            await ((IAsyncLifetime)gateway).DisposeAsync();
        }
    }
}
