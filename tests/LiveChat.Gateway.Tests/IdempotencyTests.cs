namespace LiveChat.Gateway.Tests;

using System.Net;
using System.Net.Http.Headers;

/// <summary>
/// Exactly-once commands over HTTP: every route that creates something takes an Idempotency-Key;
/// the same key again answers the first response and stores nothing; the same key with another
/// body is a 409 problem (rule "Idempotency") that changes nothing; another caller's key is its own.
/// </summary>
public sealed class IdempotencyTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static string Key() => Guid.NewGuid().ToString();

    private static MultipartFormDataContent File(string text, string name = "notes.txt")
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private async Task<(ApiClient Alice, EndUserClient EndUser, string Path)> ActiveChat()
    {
        var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        return (alice, endUser, $"/api/chats/{endUser.ChatId}");
    }

    /// <summary>Sends twice with one key: both answers alike (status and body), and the chat moved once.</summary>
    private static async Task<JsonElement> Twice(ApiClient caller, ApiClient reader, string chatPath, string path, Func<object?> body)
    {
        var key = Key();
        var first = await caller.PostWithKey(path, body(), key);
        await Problems.EnsureSuccess(first);
        var firstBody = await first.Content.ReadAsStringAsync();
        var before = await reader.GetJson<JsonElement>(chatPath);
        var again = await caller.PostWithKey(path, body(), key);
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(before.ToString(), (await reader.GetJson<JsonElement>(chatPath)).ToString());
        return JsonDocument.Parse(firstBody).RootElement;
    }

    [Fact]
    public async Task Idempotency_every_creating_route_answers_a_retry_with_its_first_response_and_stores_once()
    {
        var (alice, endUser, chat) = await ActiveChat();
        using var bob = await gateway.SignIn("bob");
        await Twice(alice, alice, chat, $"{chat}/messages", () => new { text = "hello" });
        await Twice(alice, alice, chat, $"{chat}/side-notes", () => new { text = "a note" });
        await Twice(alice, alice, chat, $"{chat}/canned-messages", () => new { cannedResponseId = "greeting" });
        await Twice(alice, alice, chat, $"{chat}/shared-articles", () => new { articleId = "kb-101" });
        await Twice(alice, alice, chat, $"{chat}/tickets", () => new { summary = "refund" });
        await Twice(alice, alice, chat, $"{chat}/remote-access", () => null);
        await Twice(alice, alice, chat, $"{chat}/invites", () => new { inviteeId = "bob", mode = "Monitor" });
        await Twice(alice, alice, chat, $"{chat}/attachments", () => File("from alice"));
        await Twice(endUser.Api, alice, chat, "/api/enduser/chat/messages", () => new { text = "my invoice" });
        var upload = await Twice(endUser.Api, alice, chat, "/api/enduser/chat/attachments", () => File("from the end user", "invoice.txt"));
        // The retry's copy of the file was dropped; the recorded one is there.
        var attachmentId = upload.GetProperty("attachment").GetProperty("attachmentId").GetString();
        Assert.Equal("from the end user", await alice.Http.GetStringAsync($"{chat}/attachments/{attachmentId}"));
        var snapshot = await alice.GetJson<JsonElement>(chat);
        Assert.Equal(2, snapshot.GetProperty("attachments").GetArrayLength());
        Assert.Equal(1, snapshot.GetProperty("tickets").GetArrayLength());
        Assert.Equal(1, snapshot.GetProperty("invites").GetArrayLength());
    }

    [Fact]
    public async Task Idempotency_the_same_key_with_another_body_is_a_409_problem_and_changes_nothing()
    {
        var (alice, endUser, chat) = await ActiveChat();
        var key = Key();
        await Problems.EnsureSuccess(await alice.PostWithKey($"{chat}/messages", new { text = "hello" }, key));
        var before = (await alice.GetJson<JsonElement>(chat)).ToString();
        await Problems.Assert(await alice.PostWithKey($"{chat}/messages", new { text = "hello again" }, key), 409, IdempotencyKeys.Rule);
        await Problems.Assert(await alice.PostWithKey($"{chat}/tickets", new { summary = "hello" }, key), 409, IdempotencyKeys.Rule);
        await Problems.Assert(await alice.PostWithKey($"{chat}/attachments", File("other"), key), 409, IdempotencyKeys.Rule);
        // Malformed keys: 400, nothing stored.
        await Problems.Assert(await alice.PostWithKey($"{chat}/messages", new { text = "x" }, "bad key!"), 400, IdempotencyKeys.Rule);
        await Problems.Assert(await alice.PostWithKey($"{chat}/messages", new { text = "x" }, new string('k', 101)), 400, IdempotencyKeys.Rule);
        await Problems.Assert(await endUser.Api.PostWithKey("/api/enduser/chat/messages", new { text = "x" }, "ä"), 400, IdempotencyKeys.Rule);
        Assert.Equal(before, (await alice.GetJson<JsonElement>(chat)).ToString());
    }

    [Fact]
    public async Task Idempotency_another_callers_key_does_not_replay()
    {
        var (alice, endUser, chat) = await ActiveChat();
        var other = await gateway.StartChat("billing");
        var key = Key();
        var mine = await (await alice.PostWithKey($"{chat}/messages", new { text = "hello" }, key)).Content.ReadFromJsonAsync<JsonElement>();
        var endUsers = await endUser.Api.PostWithKey("/api/enduser/chat/messages", new { text = "hello" }, key);
        await Problems.EnsureSuccess(endUsers);
        var theirs = await endUsers.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("EndUser", theirs.GetProperty("actor").GetProperty("kind").GetString());
        Assert.Equal(mine.GetProperty("seq").GetInt64() + 1, (await alice.GetJson<JsonElement>(chat)).GetProperty("lastSeq").GetInt64());
        // Another end user may use the same key in its own chat.
        await Problems.EnsureSuccess(await other.Api.PostWithKey("/api/enduser/chat/messages", new { text = "hello" }, key));
    }

    [Fact]
    public async Task Idempotency_a_retried_chat_start_returns_the_same_chat_and_a_working_token()
    {
        var anonymous = gateway.Anonymous();
        var key = Key();
        var body = new { queueId = "billing", displayName = "Pat Customer", firstMessage = "Hello" };
        async Task<HttpResponseMessage> Start(object start, string? withKey)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/enduser/chats") { Content = JsonContent.Create(start, options: GatewayFactory.Json) };
            if (withKey is not null) request.Headers.Add("Idempotency-Key", withKey);
            return await anonymous.SendAsync(request);
        }
        var first = await (await Start(body, key)).Content.ReadFromJsonAsync<JsonElement>();
        var retry = await Start(body, key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var again = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("chatId").GetString(), again.GetProperty("chatId").GetString());
        Assert.Equal(first.GetProperty("endUserId").GetString(), again.GetProperty("endUserId").GetString());
        Assert.Equal(first.GetProperty("chat").GetProperty("lastSeq").GetInt64(), again.GetProperty("chat").GetProperty("lastSeq").GetInt64());

        // The retry's token reaches the chat it names.
        var endUser = gateway.Anonymous();
        endUser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", again.GetProperty("token").GetString());
        var view = await endUser.GetFromJsonAsync<JsonElement>("/api/enduser/chat");
        Assert.Equal(first.GetProperty("chatId").GetString(), view.GetProperty("chatId").GetString());

        await Problems.Assert(await Start(body with { firstMessage = "Something else" }, key), 409, IdempotencyKeys.Rule);
        await Problems.Assert(await Start(body, "too-short"), 400, IdempotencyKeys.Rule);
        var fresh = await (await Start(body, Key())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(first.GetProperty("chatId").GetString(), fresh.GetProperty("chatId").GetString());
        var keyless = await (await Start(body, null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(first.GetProperty("chatId").GetString(), keyless.GetProperty("chatId").GetString());
    }
}
