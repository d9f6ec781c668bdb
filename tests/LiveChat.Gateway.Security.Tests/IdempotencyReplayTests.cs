namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// An Idempotency-Key is no way around the A-table, over real HTTP (Kestrel): a member who left and
/// came back as a Monitor replays its own keys and gets the 403 problem (with the rule id) a new
/// call gets, the upload refused on its headers before its body is sent, and nothing changes; a
/// caller still allowed gets its first response; after the chat ended, a retry by a member who was
/// in it at the end gets its first response too (it must learn that its message was stored).
/// </summary>
public sealed class IdempotencyReplayTests(RealHttpGateway fixture) : IClassFixture<RealHttpGateway>
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(10);
    private GatewayFactory Gateway => fixture.Gateway;
    private static string Key() => Guid.NewGuid().ToString();

    private static async Task<(int Status, string Body)> Send(ApiClient caller, string path, Func<HttpContent> body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body() };
        request.Headers.Add(IdempotencyKeys.Header, key);
        var response = await caller.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Idempotency_a_participant_back_as_monitor_replaying_its_keys_gets_403_and_its_upload_is_refused_before_the_body()
    {
        var chat = await ChatScenario.Create(Gateway);
        var carol = chat.Carol;
        var (messageKey, fileKey) = (Key(), Key());
        var message = await Send(carol, $"{chat.Chat}/messages", () => Http.JsonOf(new { text = "from carol" }), messageKey);
        var upload = await Send(carol, $"{chat.Chat}/attachments", Http.TextFile, fileKey);
        Assert.Equal((200, 201), (message.Status, upload.Status));
        // Still a participant: the replay is the first response.
        Assert.Equal(message, await Send(carol, $"{chat.Chat}/messages", () => Http.JsonOf(new { text = "from carol" }), messageKey));
        Assert.Equal(upload, await Send(carol, $"{chat.Chat}/attachments", Http.TextFile, fileKey));

        await Http.AssertSuccess(await carol.Post($"{chat.Chat}/leave"));
        await ChatScenario.Join(chat.Alice, carol, chat.Chat, "Monitor", "Monitor");
        var before = await chat.Observe();
        var stored = StoredAttachments.Fingerprint(Gateway);

        var replay = await carol.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{chat.Chat}/messages")
        {
            Content = Http.JsonOf(new { text = "from carol" }),
            Headers = { { IdempotencyKeys.Header, messageKey } },
        });
        await Problems.Assert(replay, 403, "A7");

        // The upload: headers and the file part's headers only, a 5 MB body announced.
        await using (var request = await RawHttp.Start(Gateway.ClientOptions.BaseAddress, "POST", $"{chat.Chat}/attachments", carol.Token,
            5 * 1024 * 1024, "multipart/form-data; boundary=x", fileKey))
        {
            Assert.True(await request.Write(Encoding.ASCII.GetBytes(
                "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\n"), chunked: false));
            var response = await request.Response(Answer);
            Assert.True(response is not null, "No answer while the body is unsent: the known key let the upload past the chat's check.");
            Assert.StartsWith("HTTP/1.1 403", response);
            Assert.Contains("\"ruleId\":\"A9\"", response);
        }
        Assert.Equal(before, await chat.Observe());
        Assert.Equal(stored, StoredAttachments.Fingerprint(Gateway));
    }

    [Fact]
    public async Task Idempotency_after_the_chat_ended_a_members_retry_gets_its_first_response_and_a_former_members_gets_403()
    {
        var chat = await ChatScenario.Create(Gateway);
        // Bob (the monitor) comes back as a participant, writes, and leaves before the end.
        var bob = chat.Bob;
        await Http.AssertSuccess(await bob.Post($"{chat.Chat}/leave"));
        await ChatScenario.Join(chat.Alice, bob, chat.Chat, "Participant", "Participate");
        var (carolsMessage, carolsFile, bobsMessage, endUsersMessage) = (Key(), Key(), Key(), Key());
        var bobMessage = await Send(bob, $"{chat.Chat}/messages", () => Http.JsonOf(new { text = "bob was here" }), bobsMessage);
        await Http.AssertSuccess(await bob.Post($"{chat.Chat}/leave"));
        var carolMessage = await Send(chat.Carol, $"{chat.Chat}/messages", () => Http.JsonOf(new { text = "stored before the end" }), carolsMessage);
        var carolUpload = await Send(chat.Carol, $"{chat.Chat}/attachments", Http.TextFile, carolsFile);
        var endUserMessage = await Send(chat.EndUser.Api, "/api/enduser/chat/messages", () => Http.JsonOf(new { text = "thanks" }), endUsersMessage);
        Assert.All(new[] { carolMessage, carolUpload, bobMessage, endUserMessage }, r => Assert.InRange(r.Status, 200, 201));
        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/end"));
        var before = await chat.Observe();
        // The retried upload's bytes are stored under a new id, then dropped: the same files remain.
        var stored = StoredAttachments.Count(Gateway);

        Assert.Equal(carolMessage, await Send(chat.Carol, $"{chat.Chat}/messages", () => Http.JsonOf(new { text = "stored before the end" }), carolsMessage));
        Assert.Equal(carolUpload, await Send(chat.Carol, $"{chat.Chat}/attachments", Http.TextFile, carolsFile));
        Assert.Equal(endUserMessage, await Send(chat.EndUser.Api, "/api/enduser/chat/messages", () => Http.JsonOf(new { text = "thanks" }), endUsersMessage));
        // Bob left before the end: his retry is refused like any message of his now.
        var refused = await Send(bob, $"{chat.Chat}/messages", () => Http.JsonOf(new { text = "bob was here" }), bobsMessage);
        Assert.Equal(403, refused.Status);
        Assert.Contains("\"ruleId\":\"A7\"", refused.Body);
        Assert.Equal(before, await chat.Observe());
        Assert.Equal(stored, StoredAttachments.Count(Gateway));
    }
}
