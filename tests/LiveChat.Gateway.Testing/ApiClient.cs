namespace LiveChat.Gateway.Testing;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// An HTTP client of the gateway API signed in as one caller. Tests of behaviour call the API
/// through <see cref="Client"/>, the generated client a customer would use; the raw methods
/// (<see cref="Get"/>, <see cref="Post"/>, <see cref="PostWithKey"/>...) are for tests about the
/// wire itself (status codes of malformed input, problem bodies, headers, body limits) and the
/// adversarial suite, which must send what no generated client would.
/// </summary>
public sealed class ApiClient(HttpClient http, string token, string id) : IDisposable
{
    public HttpClient Http => http;
    public string Token => token;
    /// <summary>The agent id, or the end user id.</summary>
    public string Id => id;

    /// <summary>The generated client (src/Clients/LiveChat.Client) over the same signed-in connection.</summary>
    public LiveChat.Client.LiveChatApiClient Client { get; } = new(http);

    public Task<HttpResponseMessage> Get(string path) => http.GetAsync(path);
    public Task<HttpResponseMessage> Post(string path, object? body = null) =>
        body is null ? http.PostAsync(path, null) : http.PostAsJsonAsync(path, body, GatewayFactory.Json);
    /// <summary>A POST carrying an <c>Idempotency-Key</c> (JSON body, or the content as it is, e.g. multipart).</summary>
    public Task<HttpResponseMessage> PostWithKey(string path, object? body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body switch { null => null, HttpContent content => content, _ => JsonContent.Create(body, options: GatewayFactory.Json) },
        };
        request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }
    public Task<HttpResponseMessage> Put(string path, object body) => http.PutAsJsonAsync(path, body, GatewayFactory.Json);
    public Task<HttpResponseMessage> Delete(string path) => http.DeleteAsync(path);

    public async Task<T> GetJson<T>(string path)
    {
        var response = await http.GetAsync(path);
        await Problems.EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<T>(GatewayFactory.Json))!;
    }

    public async Task<T> PostJson<T>(string path, object? body = null)
    {
        var response = await Post(path, body);
        await Problems.EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<T>(GatewayFactory.Json))!;
    }

    public void Dispose() => http.Dispose();
}

/// <summary>Reads RFC 7807 answers.</summary>
public static class Problems
{
    /// <summary>
    /// Asserts a call of the generated client is refused with this status and rule id, answered as
    /// an RFC 7807 problem (the same checks as <see cref="Assert"/> makes of a raw response).
    /// </summary>
    public static async Task<LiveChat.Client.LiveChatApiException> Refused(Func<Task> call, int status, string ruleId)
    {
        var refused = await Xunit.Assert.ThrowsAnyAsync<LiveChat.Client.LiveChatApiException>(call);
        Xunit.Assert.True(refused.StatusCode == status, $"Expected {status}, got {refused.StatusCode}: {refused.Response}");
        var contentType = refused.Headers.TryGetValue("Content-Type", out var values) ? values.FirstOrDefault() : null;
        Xunit.Assert.Equal("application/problem+json", contentType is null ? null : MediaTypeHeaderValue.Parse(contentType).MediaType);
        Xunit.Assert.True(refused.RuleId == ruleId, $"Expected rule {ruleId}, got {refused.RuleId}: {refused.Response}");
        return refused;
    }

    public static async Task EnsureSuccess(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts the response is a problem with this status and rule id.</summary>
    public static async Task<JsonElement> Assert(HttpResponseMessage response, int status, string ruleId)
    {
        var body = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Xunit.Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Xunit.Assert.Equal(ruleId, problem.GetProperty("ruleId").GetString());
        return problem;
    }
}
