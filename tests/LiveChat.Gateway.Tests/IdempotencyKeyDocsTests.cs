namespace LiveChat.Gateway.Tests;

/// <summary>
/// The served document tells client generators which calls take an Idempotency-Key and what a key
/// is: every creating operation documents the header (from its [FromHeader] parameter, described by
/// the contract transformer), and no reading one does.
/// </summary>
public sealed class IdempotencyKeyDocsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly string[] Creating =
    [
        "startChat", "postEndUserMessage", "uploadEndUserAttachment", "postChatMessage", "sendCannedText", "addSideNote",
        "shareArticle", "createTicket", "requestRemoteAccess", "createInvite", "uploadChatAttachment",
    ];

    [Fact]
    public async Task Idempotency_every_creating_operation_documents_the_key_header_and_no_reading_one_does()
    {
        var document = await gateway.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("operationId", out _)))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value);

        foreach (var id in Creating)
        {
            var header = Assert.Single(KeyHeaders(operations[id]));
            Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean(), id);
            Assert.Contains("retry", header.GetProperty("description").GetString());
            Assert.Equal(IdempotencyKeys.MaxLength, header.GetProperty("schema").GetProperty("maxLength").GetInt32());
        }
        foreach (var id in new[] { "getChat", "getChatTranscript", "listInvites", "acceptChat" })
            Assert.Empty(KeyHeaders(operations[id]));
    }

    private static IEnumerable<JsonElement> KeyHeaders(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header" && p.GetProperty("name").GetString() == IdempotencyKeys.Header)
            : [];
}
