namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// Item 6: JSON routes take at most 64 KB and refuse more with a 413 problem before reading it
/// all; attachment routes still take 10 MB.
/// </summary>
public sealed class BodyLimitTests(RealHttpGateway fixture) : IClassFixture<RealHttpGateway>
{
    private const int JsonLimit = 64 * 1024;
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(10);
    private GatewayFactory Gateway => fixture.Gateway;

    [Fact]
    public async Task Request_a_declared_5_MB_JSON_body_is_refused_413_before_any_of_it_is_sent()
    {
        var endUser = await Gateway.StartChat();
        var before = await endUser.Api.Http.GetStringAsync("/api/enduser/chat/transcript");
        await using var request = await RawHttp.Start(Gateway.ClientOptions.BaseAddress, "POST", "/api/enduser/chat/messages", endUser.Api.Token, 5 * 1024 * 1024);

        // Not a byte of the body is sent: the answer comes from the declared length alone.
        var response = await request.Response(Answer);
        Assert.NotNull(response);
        AssertProblem413(response);
        Assert.Equal(before, await endUser.Api.Http.GetStringAsync("/api/enduser/chat/transcript"));
    }

    [Fact]
    public async Task Request_a_streamed_JSON_body_is_refused_413_as_soon_as_it_passes_64_KB()
    {
        var endUser = await Gateway.StartChat();
        var before = await endUser.Api.Http.GetStringAsync("/api/enduser/chat/transcript");
        await using var request = await RawHttp.Start(Gateway.ClientOptions.BaseAddress, "POST", "/api/enduser/chat/messages", endUser.Api.Token, contentLength: null);

        // A body that would be 5 MB, sent slowly: 64 KB + 1 byte, then nothing until the server answers.
        var json = Encoding.UTF8.GetBytes("{\"text\":\"" + new string('x', JsonLimit) + "\"}");
        Assert.True(await request.Write(json[..(JsonLimit + 1)], chunked: true));
        var response = await request.Response(Answer);
        Assert.True(response is not null, $"No answer after {JsonLimit + 1} bytes: the server waits for more than 64 KB.");
        AssertProblem413(response);
        Assert.Equal(JsonLimit + 1, request.BodyBytesSent);
        Assert.Equal(before, await endUser.Api.Http.GetStringAsync("/api/enduser/chat/transcript"));
    }

    [Fact]
    public async Task Request_a_JSON_body_of_exactly_64_KB_is_read()
    {
        var endUser = await Gateway.StartChat();
        // Valid JSON of 64 KB: the grain then judges the text (too long for a message: a rule's 400, not a 413).
        var padding = JsonLimit - "{\"text\":\"\"}".Length;
        var response = await endUser.Api.Http.PostAsync("/api/enduser/chat/messages", Http.Json("{\"text\":\"" + new string('x', padding) + "\"}"));
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Attachment_a_10_MB_upload_still_works_over_real_HTTP()
    {
        var endUser = await Gateway.StartChat();
        // Exactly the 10 MB allowed, shaped like a PDF (a type check may look at the first bytes).
        var bytes = new byte[10 * 1024 * 1024];
        Array.Fill(bytes, (byte)'a');
        "%PDF-1.7\n"u8.CopyTo(bytes);
        "\n%%EOF\n"u8.CopyTo(bytes.AsSpan(bytes.Length - 7));
        var response = await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.File(bytes, "application/pdf", "big.pdf"));
        await Http.AssertSuccess(response);
        var entry = await response.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json);
        var id = entry.GetProperty("attachment").GetProperty("attachmentId").GetString();
        var stored = await endUser.Api.Http.GetByteArrayAsync($"/api/enduser/chat/attachments/{id}");
        Assert.Equal(bytes, stored);
    }

    private static void AssertProblem413(string response)
    {
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("application/problem+json", response);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        if (!body.TrimStart().StartsWith('{')) body = string.Join("", body.Split("\r\n").Where((_, i) => i % 2 == 1)); // chunked
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Request", problem.GetProperty("ruleId").GetString());
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }
}
