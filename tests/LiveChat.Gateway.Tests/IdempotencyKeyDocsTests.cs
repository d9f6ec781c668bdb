namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>.DocumentsIdempotencyKey()</c> puts an optional Idempotency-Key header into an operation's
/// OpenAPI entry, and only there (checked on a small app with the gateway's contract transformers).
/// </summary>
public sealed class IdempotencyKeyDocsTests
{
    [Fact]
    public async Task Only_an_operation_marked_idempotent_documents_the_Idempotency_Key_header()
    {
        // A content root of its own: the gateway's appsettings.json beside the tests is not this app's.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.WebHost.UseTestServer();
        builder.Services.AddLiveChatOpenApi();
        await using var app = builder.Build();
        app.MapPost("/things", () => Results.NoContent()).DocumentsIdempotencyKey().Describe("createThing", "Create a thing", "R1", "Creates one.");
        app.MapPost("/others", () => Results.NoContent()).Describe("createOther", "Create another", "R1", "Creates another.");
        app.MapOpenApi();
        await app.StartAsync();

        var document = await app.GetTestClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var header = Assert.Single(document.GetProperty("paths").GetProperty("/things").GetProperty("post").GetProperty("parameters").EnumerateArray());
        Assert.Equal("Idempotency-Key", header.GetProperty("name").GetString());
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.False(document.GetProperty("paths").GetProperty("/others").GetProperty("post").TryGetProperty("parameters", out _));
    }
}
