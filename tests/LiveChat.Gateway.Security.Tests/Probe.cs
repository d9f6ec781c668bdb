namespace LiveChat.Gateway.Security.Tests;

public sealed class Probe(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Dump()
    {
        var anon = gateway.Anonymous();
        var doc = await anon.GetStringAsync("/openapi/v1.json");
        File.WriteAllText("/tmp/openapi.json", doc);
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        using var sam = await gateway.SignIn("sam");
        var eu = await gateway.StartChat("billing");
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{eu.ChatId}/accept"));
        var sb = new StringBuilder();
        async Task Show(string label, HttpResponseMessage r) =>
            sb.AppendLine($"{label}: {(int)r.StatusCode} {r.Content.Headers.ContentType} {await r.Content.ReadAsStringAsync()}");
        HttpResponseMessage Raw(ApiClient c, HttpMethod m, string path, string? body, string ct = "application/json")
        {
            var req = new HttpRequestMessage(m, path);
            if (body != null) { req.Content = new StringContent(body, Encoding.UTF8); req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ct); }
            return c.Http.SendAsync(req).Result;
        }
        await Show("invite missing mode", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/invites", "{\"inviteeId\":\"bob\"}"));
        var invites = await alice.GetJson<JsonElement>($"/api/chats/{eu.ChatId}/invites");
        sb.AppendLine(invites.GetRawText());
        var inviteId = invites.EnumerateArray().First().GetProperty("inviteId").GetString();
        await Show("answer missing", Raw(bob, HttpMethod.Post, $"/api/chats/{eu.ChatId}/invites/{inviteId}/response", "{}"));
        await Show("sup join missing mode", Raw(sam, HttpMethod.Post, $"/api/chats/{eu.ChatId}/supervisor-join", "{}"));
        await Show("presence missing", Raw(bob, HttpMethod.Put, "/api/me/presence", "{}"));
        await Show("settings missing", Raw(bob, HttpMethod.Put, "/api/me/settings", "{}"));
        await Show("bad json", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/messages", "{\"text\":"));
        await Show("null json", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/messages", "null"));
        await Show("wrong ct", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/messages", "{\"text\":\"x\"}", "text/plain"));
        await Show("no body", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/messages", null));
        await Show("huge", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/messages", "{\"text\":\"" + new string('a', 12 * 1024 * 1024) + "\"}"));
        await Show("int enum", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/invites", "{\"inviteeId\":\"carol\",\"mode\":7}"));
        await Show("after abc", Raw(alice, HttpMethod.Get, $"/api/chats/{eu.ChatId}/transcript?after=abc", null));
        await Show("after max", Raw(alice, HttpMethod.Get, $"/api/chats/{eu.ChatId}/transcript?after=9223372036854775807", null));
        await Show("long id", Raw(alice, HttpMethod.Get, $"/api/chats/{new string('x', 1000)}", null));
        await Show("nul id", Raw(alice, HttpMethod.Get, $"/api/chats/%01%7F%E2%80%8B", null));
        await Show("queue unknown", Raw(alice, HttpMethod.Get, $"/api/queues/nope/waiting", null));
        await Show("no token", gateway.Anonymous().GetAsync("/api/me").Result);
        await Show("route 404", Raw(alice, HttpMethod.Get, "/api/nope", null));
        await Show("405", Raw(alice, HttpMethod.Delete, $"/api/chats/{eu.ChatId}", null));
        await Show("eu on agent", Raw(eu.Api, HttpMethod.Get, $"/api/chats/{eu.ChatId}", null));
        await Show("agent on eu", Raw(alice, HttpMethod.Get, $"/api/enduser/chat", null));
        var mp = new MultipartFormDataContent();
        var big = new ByteArrayContent(new byte[12 * 1024 * 1024]); big.Headers.ContentType = new("text/plain");
        mp.Add(big, "file", "big.txt");
        await Show("upload 12MB", alice.Http.PostAsync($"/api/chats/{eu.ChatId}/attachments", mp).Result);
        await Show("upload json", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/attachments", "{}"));
        await Show("upload garbage mp", Raw(alice, HttpMethod.Post, $"/api/chats/{eu.ChatId}/attachments", "garbage", "multipart/form-data; boundary=xyz"));
        await Show("snapshot", Raw(alice, HttpMethod.Get, $"/api/chats/{eu.ChatId}", null));
        File.WriteAllText("/tmp/probe.txt", sb.ToString());
    }
}
