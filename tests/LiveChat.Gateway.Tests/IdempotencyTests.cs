namespace LiveChat.Gateway.Tests;

using System.Net.Http.Headers;
using Api = LiveChat.Client;

/// <summary>
/// Exactly-once commands over HTTP: every route that creates something takes an Idempotency-Key;
/// the same key again answers the first response and stores nothing; the same key with another
/// body is a 409 problem (rule "Idempotency") that changes nothing; another caller's key is its own.
/// Written against the client library (each creating method's idempotency_Key parameter); malformed
/// keys and the byte-for-byte replay are wire matters and use raw HTTP.
/// </summary>
public sealed class IdempotencyTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static string Key() => Guid.NewGuid().ToString();

    private static Api.FileParameter File(string text, string name = "notes.txt") =>
        new(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), name, "text/plain");

    private static MultipartFormDataContent RawFile(string text, string name = "notes.txt")
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private async Task<(ApiClient Alice, EndUserClient EndUser, string ChatId)> ActiveChat()
    {
        var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);
        return (alice, endUser, endUser.ChatId);
    }

    /// <summary>The chat as an agent in it reads it, every field (unknown ones too) as JSON.</summary>
    private static async Task<string> Snapshot(ApiClient reader, string chatId) =>
        JsonSerializer.Serialize(await reader.Client.GetChatAsync(chatId));

    /// <summary>
    /// Sends twice with one key: both answers alike, and the chat moved once. The generated client
    /// takes only the operation's documented success status, so a replay answered with another
    /// status throws here; the bytes of a replay are compared in <see cref="Idempotency_a_replay_is_the_first_answer_byte_for_byte"/>.
    /// </summary>
    private static async Task<T> Twice<T>(ApiClient reader, string chatId, Func<string, Task<T>> send)
    {
        var key = Key();
        var first = await send(key);
        var before = await Snapshot(reader, chatId);
        var again = await send(key);
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(again));
        Assert.Equal(before, await Snapshot(reader, chatId));
        return first;
    }

    [Fact]
    public async Task Idempotency_every_creating_route_answers_a_retry_with_its_first_response_and_stores_once()
    {
        var (alice, endUser, chat) = await ActiveChat();
        using var bob = await gateway.SignIn("bob");
        var agent = alice.Client;
        await Twice(alice, chat, key => agent.PostChatMessageAsync(chat, new() { Text = "hello" }, key));
        await Twice(alice, chat, key => agent.AddSideNoteAsync(chat, new() { Text = "a note" }, key));
        await Twice(alice, chat, key => agent.SendCannedTextAsync(chat, new() { CannedResponseId = "greeting" }, key));
        await Twice(alice, chat, key => agent.ShareArticleAsync(chat, new() { ArticleId = "kb-101" }, key));
        await Twice(alice, chat, key => agent.CreateTicketAsync(chat, new() { Summary = "refund" }, key));
        await Twice(alice, chat, key => agent.RequestRemoteAccessAsync(chat, key));
        await Twice(alice, chat, key => agent.CreateInviteAsync(chat, new() { InviteeId = "bob", Mode = Api.JoinMode.Monitor }, key));
        await Twice(alice, chat, key => agent.UploadChatAttachmentAsync(chat, key, File("from alice")));
        await Twice(alice, chat, key => endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "my invoice" }, key));
        var upload = await Twice(alice, chat, key => endUser.Api.Client.UploadEndUserAttachmentAsync(key, File("from the end user", "invoice.txt")));
        // The retry's copy of the file was dropped; the recorded one is there.
        using (var file = await agent.DownloadChatAttachmentAsync(chat, upload.Attachment!.AttachmentId))
            Assert.Equal("from the end user", await new StreamReader(file.Stream).ReadToEndAsync());
        var snapshot = await agent.GetChatAsync(chat);
        Assert.Equal(2, snapshot.Attachments.Count);
        Assert.Single(snapshot.Tickets);
        Assert.Single(snapshot.Invites);
    }

    [Fact]
    public async Task Idempotency_a_replay_is_the_first_answer_byte_for_byte()
    {
        // Raw HTTP on purpose: this is about the wire (the same status and the same bytes), below
        // what the generated client's types show. A JSON route and a multipart one.
        var (alice, endUser, chatId) = await ActiveChat();
        foreach (var (caller, path, body) in new (ApiClient, string, Func<object>)[]
        {
            (alice, $"/api/chats/{chatId}/messages", () => new { text = "hello" }),
            (endUser.Api, "/api/enduser/chat/attachments", () => RawFile("from the end user", "invoice.txt")),
        })
        {
            var key = Key();
            var first = await caller.PostWithKey(path, body(), key);
            await Problems.EnsureSuccess(first);
            var again = await caller.PostWithKey(path, body(), key);
            Assert.Equal(first.StatusCode, again.StatusCode);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Idempotency_the_same_key_with_another_body_is_a_409_problem_and_changes_nothing()
    {
        var (alice, endUser, chatId) = await ActiveChat();
        var chat = $"/api/chats/{chatId}";
        var key = Key();
        await alice.Client.PostChatMessageAsync(chatId, new() { Text = "hello" }, key);
        var before = await Snapshot(alice, chatId);
        await Problems.Refused(() => alice.Client.PostChatMessageAsync(chatId, new() { Text = "hello again" }, key), 409, IdempotencyKeys.Rule);
        await Problems.Refused(() => alice.Client.CreateTicketAsync(chatId, new() { Summary = "hello" }, key), 409, IdempotencyKeys.Rule);
        await Problems.Refused(() => alice.Client.UploadChatAttachmentAsync(chatId, key, File("other")), 409, IdempotencyKeys.Rule);
        // Malformed keys: 400, nothing stored. Raw HTTP on purpose: malformed input is about the
        // wire, and a non-ASCII key is not something an HTTP client library sends as given.
        await Problems.Assert(await alice.PostWithKey($"{chat}/messages", new { text = "x" }, "bad key!"), 400, IdempotencyKeys.Rule);
        await Problems.Assert(await alice.PostWithKey($"{chat}/messages", new { text = "x" }, new string('k', 101)), 400, IdempotencyKeys.Rule);
        await Problems.Assert(await endUser.Api.PostWithKey("/api/enduser/chat/messages", new { text = "x" }, "ä"), 400, IdempotencyKeys.Rule);
        Assert.Equal(before, await Snapshot(alice, chatId));
    }

    [Fact]
    public async Task Idempotency_another_callers_key_does_not_replay()
    {
        var (alice, endUser, chatId) = await ActiveChat();
        var other = await gateway.StartChat("billing");
        var key = Key();
        var mine = await alice.Client.PostChatMessageAsync(chatId, new() { Text = "hello" }, key);
        var theirs = await endUser.Api.Client.PostEndUserMessageAsync(new() { Text = "hello" }, key);
        Assert.Equal(Api.ActorKind.EndUser, theirs.Actor.Kind);
        Assert.Equal(mine.Seq + 1, (await alice.Client.GetChatAsync(chatId)).LastSeq);
        // Another end user may use the same key in its own chat.
        await other.Api.Client.PostEndUserMessageAsync(new() { Text = "hello" }, key);
    }

    [Fact]
    public async Task Idempotency_a_retried_chat_start_returns_the_same_chat_and_a_working_token()
    {
        var anonymous = gateway.AnonymousApi();
        var key = Key();
        static Api.StartChatBody Body(string firstMessage = "Hello") =>
            new() { QueueId = "billing", DisplayName = "Pat Customer", FirstMessage = firstMessage };
        var first = await anonymous.StartChatAsync(Body(), key);
        // The client takes only the documented 201 Created: a retry answered otherwise throws.
        var again = await anonymous.StartChatAsync(Body(), key);
        Assert.Equal(first.ChatId, again.ChatId);
        Assert.Equal(first.EndUserId, again.EndUserId);
        Assert.Equal(first.Chat.LastSeq, again.Chat.LastSeq);

        // The retry's token reaches the chat it names.
        var endUser = gateway.Anonymous();
        endUser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", again.Token);
        var view = await new Api.LiveChatApiClient(endUser).GetEndUserChatAsync();
        Assert.Equal(first.ChatId, view.ChatId);

        await Problems.Refused(() => anonymous.StartChatAsync(Body("Something else"), key), 409, IdempotencyKeys.Rule);
        // Raw HTTP on purpose: a malformed key is about the wire (see the test above).
        var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/enduser/chats") { Content = JsonContent.Create(Body(), options: GatewayFactory.Json) };
        malformed.Headers.Add("Idempotency-Key", "too-short");
        await Problems.Assert(await gateway.Anonymous().SendAsync(malformed), 400, IdempotencyKeys.Rule);
        var fresh = await anonymous.StartChatAsync(Body(), Key());
        Assert.NotEqual(first.ChatId, fresh.ChatId);
        var keyless = await anonymous.StartChatAsync(Body());
        Assert.NotEqual(first.ChatId, keyless.ChatId);
    }
}
