namespace LiveChat.Gateway.Tests;

using System.Text.Json.Nodes;
using LiveChat.Testing.Processes;

/// <summary>
/// The clients (src/Clients/LiveChat.Client, the web consoles' TypeScript types) are generated at
/// build time from a committed copy of the OpenAPI document, so the build needs no running gateway.
/// This test keeps that copy equal to what the gateway serves: an API change without the copy
/// refreshed fails here. Refresh it with scripts/update-openapi.sh (this test with
/// LIVECHAT_UPDATE_OPENAPI=1 writes the served document over the copy).
/// </summary>
public sealed class CommittedOpenApiDocumentTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    public static string CommittedPath { get; } = Path.Combine(SiloLocator.RepositoryRoot, "src", "Clients", "openapi", "v1.json");

    [Fact]
    public async Task The_committed_document_the_clients_are_generated_from_is_the_one_the_gateway_serves()
    {
        using var http = gateway.Anonymous();
        var served = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var servedText = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

        if (Environment.GetEnvironmentVariable("LIVECHAT_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(CommittedPath, servedText);

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing: run scripts/update-openapi.sh.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!;
        Assert.True(JsonNode.DeepEquals(served, committed),
            $"{CommittedPath} differs from the served /openapi/v1.json: run scripts/update-openapi.sh and commit the result (the clients are generated from it).");
    }
}
