namespace LiveChat.Web.Tests;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// The gateway's HTTP API for setting a page's scene without the browser: agents of a test's own
/// (created by the demo admin, so no other test's lists change), chats started and accepted, messages.
/// </summary>
public sealed class DemoApi(string baseUrl) : IDisposable
{
    private readonly HttpClient _anonymous = new() { BaseAddress = new Uri(baseUrl) };
    private readonly List<HttpClient> _clients = [];

    /// <summary>A new agent in the directory, created by the demo admin; its id starts with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateAgentAsync(string prefix, string firstName, string lastName,
        string[] queues, string role = "Agent", string[]? supervises = null, int capacity = 10)
    {
        var admin = await SignInAsync("ada", online: false);
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var response = await admin.PostAsJsonAsync("/api/admin/agents", new
        {
            id, firstName, lastName, email = $"{id}@example.com", role, capacity,
            permissions = new[] { "ESChat_Agent" }, queues, supervises = supervises ?? [],
        });
        await EnsureAsync(response);
        return id;
    }

    /// <summary>A new support queue of the test's own (no other test's chats wait in it), created by the demo admin.</summary>
    public async Task<string> CreateQueueAsync(string prefix, string name)
    {
        var admin = await SignInAsync("ada", online: false);
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await EnsureAsync(await admin.PostAsJsonAsync("/api/admin/queues", new { id, name, automaticAssignment = false, systemNotifications = true }));
        return id;
    }

    /// <summary>A client signed in as the agent (demo sign-in), set Online unless told otherwise.</summary>
    public async Task<HttpClient> SignInAsync(string agentId, bool online = true)
    {
        var response = await _anonymous.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId });
        await EnsureAsync(response);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = _anonymous.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(client);
        if (online) await EnsureAsync(await client.PutAsJsonAsync("/api/me/presence", new { presence = "Online" }));
        return client;
    }

    /// <summary>An end user starts a chat; returns its id and a client holding the end user's token.</summary>
    public async Task<(string ChatId, HttpClient EndUser)> StartChatAsync(string queueId, string displayName, string firstMessage)
    {
        var response = await _anonymous.PostAsJsonAsync("/api/enduser/chats", new { queueId, displayName, firstMessage });
        await EnsureAsync(response);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = new HttpClient { BaseAddress = _anonymous.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started.GetProperty("token").GetString());
        _clients.Add(client);
        return (started.GetProperty("chatId").GetString()!, client);
    }

    /// <summary>Posts and answers the JSON body of the success (e.g. the invite a POST …/invites created).</summary>
    public static async Task<JsonElement> PostForAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        await EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>As <see cref="StartChatAsync"/>, also answering the end user's id (what its chat token names).</summary>
    public async Task<(string ChatId, string EndUserId)> StartChatOfAsync(string queueId, string displayName, string firstMessage)
    {
        var response = await _anonymous.PostAsJsonAsync("/api/enduser/chats", new { queueId, displayName, firstMessage });
        await EnsureAsync(response);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (started.GetProperty("chatId").GetString()!, started.GetProperty("endUserId").GetString()!);
    }

    public static async Task PostAsync(HttpClient client, string path, object? body = null) =>
        await EnsureAsync(body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body));

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        _anonymous.Dispose();
    }
}
