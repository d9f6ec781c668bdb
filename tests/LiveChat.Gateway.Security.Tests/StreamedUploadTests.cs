namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// Item 6 over real HTTP (Kestrel): an attachment streams from the request body into the store once
/// (no form buffered to a temporary file first). A caller who may not upload is refused on the
/// request's headers, before its body is sent; a file that passes the size limit, or stops being
/// text, part-way is refused and leaves no file behind; a large file arrives byte for byte.
/// </summary>
public sealed class StreamedUploadTests(RealHttpGateway fixture) : IClassFixture<RealHttpGateway>
{
    private const int MaxBytes = 10 * 1024 * 1024;
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(10);
    private GatewayFactory Gateway => fixture.Gateway;

    [Fact]
    public async Task A9_a_monitors_upload_is_refused_on_its_headers_before_its_body_is_sent()
    {
        var chat = await ChatScenario.Create(Gateway);
        var stored = StoredAttachments.Fingerprint(Gateway);
        // Bob is the chat's monitor: he announces a 5 MB file and sends only the part's headers.
        await using var request = await RawHttp.Start(Gateway.ClientOptions.BaseAddress, "POST", $"{chat.Chat}/attachments", chat.Bob.Token,
            5 * 1024 * 1024, "multipart/form-data; boundary=x");
        Assert.True(await request.Write(Encoding.ASCII.GetBytes(
            "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"screen.png\"\r\nContent-Type: image/png\r\n\r\n"), chunked: false));

        var response = await request.Response(Answer);
        Assert.True(response is not null, "No answer while the body is unsent: the server waits for the file before asking the chat.");
        Assert.StartsWith("HTTP/1.1 403", response);
        Assert.Contains("\"ruleId\":\"A9\"", response);
        Assert.True(request.BodyBytesSent < 200);
        Assert.Equal(stored, StoredAttachments.Fingerprint(Gateway));
    }

    [Fact]
    public async Task A9_a_file_that_passes_the_size_limit_part_way_is_refused_and_leaves_no_file()
    {
        var endUser = await Gateway.StartChat();
        var files = StoredAttachments.Count(Gateway);
        // No length announced (chunked): only counting the bytes as they stream can find it too large.
        var bytes = StoredAttachments.Png(MaxBytes + 16 * 1024);
        var response = await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Unsized(bytes, "image/png", "huge.png"));

        await Problems.Assert(response, 400, "A9");
        Assert.Equal(files, StoredAttachments.Count(Gateway));
        Assert.Empty(await Transcript.Attachments(endUser.Api));
    }

    [Fact]
    public async Task A9_a_file_that_stops_being_text_part_way_is_refused_and_leaves_no_file()
    {
        var endUser = await Gateway.StartChat();
        var files = StoredAttachments.Count(Gateway);
        // Valid UTF-8 well past the first bytes read, then a byte no UTF-8 text holds.
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Café crème, s'il vous plaît 💬\n", 8_000)) + "end");
        bytes[^2] = 0xFF;
        var response = await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Unsized(bytes, "text/plain", "notes.txt"));

        await Problems.Assert(response, 400, "A9");
        Assert.Equal(files, StoredAttachments.Count(Gateway));
    }

    [Fact]
    public async Task A9_large_files_stream_through_byte_for_byte()
    {
        var endUser = await Gateway.StartChat();
        var random = new Random(12);
        var image = StoredAttachments.Png(3 * 1024 * 1024 + 7);
        random.NextBytes(image.AsSpan(8));
        // Text of many pieces, with characters of two to four bytes split across them.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"ligne {i}: é 日本 💬\n")));

        foreach (var (bytes, type, name, sized) in new[] { (image, "image/png", "photo.png", true), (text, "text/plain", "log.txt", false) })
        {
            var content = sized ? Http.File(bytes, type, name) : Unsized(bytes, type, name);
            var entry = await StoredAttachments.Entry(await endUser.Api.Http.PostAsync("/api/enduser/chat/attachments", content));
            var attachment = entry.GetProperty("attachment");
            Assert.Equal(bytes.Length, attachment.GetProperty("size").GetInt64());
            var stored = await endUser.Api.Http.GetByteArrayAsync($"/api/enduser/chat/attachments/{attachment.GetProperty("attachmentId").GetString()}");
            Assert.Equal(bytes, stored);
        }
    }

    [Fact]
    public async Task A9_the_OpenAPI_document_still_describes_uploads_as_a_multipart_form_with_a_file_field()
    {
        var document = await Gateway.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var path in new[] { "/api/chats/{chatId}/attachments", "/api/enduser/chat/attachments" })
        {
            var body = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody");
            var schema = body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
            var file = Resolve(schemas, Resolve(schemas, schema).GetProperty("properties").GetProperty("file"));
            Assert.Equal("string", file.GetProperty("type").GetString());
            Assert.Equal("binary", file.GetProperty("format").GetString());
        }
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    /// <summary>A multipart form whose file part has no known length: HttpClient sends it chunked, as a browser streaming a file could.</summary>
    private static MultipartFormDataContent Unsized(byte[] bytes, string contentType, string fileName)
    {
        var file = new StreamContent(new UnseekableStream(bytes));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }

    private static class Transcript
    {
        public static async Task<List<JsonElement>> Attachments(ApiClient api)
        {
            var view = await api.Http.GetFromJsonAsync<JsonElement>("/api/enduser/chat", GatewayFactory.Json);
            return view.GetProperty("attachments").EnumerateArray().ToList();
        }
    }
}
