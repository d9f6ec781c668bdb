namespace LiveChat.Gateway.Security.Tests;

/// <summary>Raw requests: any method, path, token (or none) and body, exactly as given.</summary>
public static class Http
{
    public static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string? token = null,
        HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    public static HttpContent Json(string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static HttpContent JsonOf(object body) => JsonContent.Create(body, options: GatewayFactory.Json);

    /// <summary>A multipart form with one file in the field the gateway reads ("file").</summary>
    public static MultipartFormDataContent File(byte[] bytes, string contentType = "text/plain", string fileName = "note.txt", string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static MultipartFormDataContent TextFile() => File("hello from a test"u8.ToArray());

    /// <summary>Status and body, for messages and before/after comparisons.</summary>
    public static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {await response.Content.ReadAsStringAsync()}";

    /// <summary>Asserts a 2xx, naming the request and the body otherwise.</summary>
    public static async Task AssertSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) Assert.Fail($"Expected 2xx, got {await Describe(response)}");
    }
}
