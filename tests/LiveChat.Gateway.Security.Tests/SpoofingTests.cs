namespace LiveChat.Gateway.Security.Tests;

using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// Identity comes from the token only: ids in a body, a route or a query never make a caller
/// someone else, an end user's token reaches its own chat only, and a token the gateway did not
/// issue (or no longer accepts) is a 401. Every refusal changes nothing.
/// </summary>
public sealed class SpoofingTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task R6_answering_an_invite_addressed_to_bob_with_another_agents_token_is_refused()
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var bob = await ChatScenario.Agent(gateway, "bob");
        var carol = await ChatScenario.Agent(gateway, "carol");
        var endUser = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Http.AssertSuccess(await alice.Post($"{chat}/accept"));
        var invite = await alice.PostJson<JsonElement>($"{chat}/invites", new { inviteeId = "bob", mode = "Participant" });
        var response = $"{chat}/invites/{invite.GetProperty("inviteId").GetString()}/response";
        var before = await Observe(alice, chat, bob, carol);

        // The inviter, with bob's id in the body and the query; then another agent of the queue.
        await Problems.Assert(await alice.Post($"{response}?inviteeId=bob&agentId=bob", new { answer = "Participate", inviteeId = "bob", agentId = "bob" }), 403, "R6");
        await Problems.Assert(await carol.Post(response, new { answer = "Participate", inviteeId = "bob" }), 403, "R6");
        await Problems.Assert(await carol.Post(response, new { answer = "Reject", inviteeId = "bob" }), 403, "R6");
        Assert.Equal(before, await Observe(alice, chat, bob, carol));

        // Bob himself still can.
        var accepted = await bob.PostJson<JsonElement>(response, new { answer = "Participate" });
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
    }

    [Fact]
    public async Task R3_inviting_or_managing_invites_on_carols_chat_with_alices_token_is_refused()
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var bob = await ChatScenario.Agent(gateway, "bob");
        var carol = await ChatScenario.Agent(gateway, "carol");
        var endUser = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Http.AssertSuccess(await carol.Post($"{chat}/accept"));
        var invite = await carol.PostJson<JsonElement>($"{chat}/invites", new { inviteeId = "bob", mode = "Monitor" });
        var inviteId = invite.GetProperty("inviteId").GetString();
        var before = await Observe(carol, chat, alice, bob);

        await Problems.Assert(await alice.Post($"{chat}/invites?inviterId=carol", new { inviteeId = "erin", mode = "Monitor", inviterId = "carol" }), 403, "R3");
        await Problems.Assert(await alice.Put($"{chat}/invites/{inviteId}/mode", new { mode = "Participant", inviterId = "carol" }), 403, "R3");
        await Problems.Assert(await alice.Post($"{chat}/invites/{inviteId}/cancel", new { inviterId = "carol" }), 403, "R3");
        await Problems.Assert(await alice.Post($"{chat}/invites/{inviteId}/resend"), 403, "R3");
        await Problems.Assert(await alice.Http.GetAsync($"{chat}/invitees?q=bob&inviterId=carol"), 403, "R3");
        Assert.Equal(before, await Observe(carol, chat, alice, bob));
    }

    [Fact]
    public async Task A7_A11_ids_in_the_body_or_query_do_not_change_who_acts()
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var carol = await ChatScenario.Agent(gateway, "carol");
        var endUser = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Http.AssertSuccess(await alice.Post($"{chat}/accept"));

        var entry = await alice.PostJson<JsonElement>($"{chat}/messages?agentId=carol", new { text = "hi", agentId = "carol", actor = new { kind = "Agent", id = "carol" } });
        Assert.Equal("alice", entry.GetProperty("actor").GetProperty("id").GetString());
        var note = await alice.PostJson<JsonElement>($"{chat}/side-notes", new { text = "note", agentId = "carol" });
        Assert.Equal("alice", note.GetProperty("actor").GetProperty("id").GetString());
        // Carol is not in the chat: naming alice does not let her read it.
        await Problems.Assert(await carol.Http.GetAsync($"{chat}?agentId=alice"), 403, "A11");
        await Problems.Assert(await carol.Post($"{chat}/messages", new { text = "hi", agentId = "alice" }), 403, "A7");

        // The end user's routes name no chat: one given in the query or body is ignored.
        var other = await gateway.StartChat("billing", firstMessage: "other chat");
        var otherBefore = await Http.Describe(await other.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0"));
        var posted = await endUser.Api.PostJson<JsonElement>($"/api/enduser/chat/messages?chatId={other.ChatId}", new { text = "mine", chatId = other.ChatId });
        Assert.Equal(endUser.Api.Id, posted.GetProperty("actor").GetProperty("id").GetString());
        var view = await endUser.Api.GetJson<JsonElement>($"/api/enduser/chat?chatId={other.ChatId}");
        Assert.Equal(endUser.ChatId, view.GetProperty("chatId").GetString());
        Assert.Equal(otherBefore, await Http.Describe(await other.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0")));
    }

    [Fact]
    public async Task Auth_an_end_user_token_cannot_read_or_act_on_another_chat()
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var mine = await gateway.StartChat("billing");
        var other = await gateway.StartChat("billing");
        var chat = $"/api/chats/{other.ChatId}";
        await Http.AssertSuccess(await alice.Post($"{chat}/accept"));
        var upload = await other.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.TextFile());
        await Http.AssertSuccess(upload);
        var attachmentId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refId").GetString();
        var before = await Observe(alice, chat);
        var http = mine.Api.Http;

        foreach (var path in new[] { chat, $"{chat}/transcript?after=0", $"{chat}/invites", $"{chat}/attachments/{attachmentId}" })
            await Problems.Assert(await http.GetAsync(path), 403, "Auth");
        await Problems.Assert(await http.PostAsJsonAsync($"{chat}/messages", new { text = "hijack" }), 403, "Auth");
        await Problems.Assert(await http.PostAsync($"{chat}/end", null), 403, "Auth");
        await Problems.Assert(await http.PostAsync($"{chat}/attachments", Http.TextFile()), 403, "Auth");
        // Its own attachment route looks in its own chat only.
        await Problems.Assert(await http.GetAsync($"/api/enduser/chat/attachments/{attachmentId}"), 404, "A9");
        Assert.Equal(before, await Observe(alice, chat));

        // Over SignalR too: an end user's connection cannot watch a chat.
        await using var console = await gateway.Connect(mine.Api.Token);
        await Assert.ThrowsAsync<HubException>(() => console.Connection.InvokeAsync<JsonElement>("WatchChat", other.ChatId));
    }

    [Fact]
    public async Task A11_an_agent_connection_cannot_watch_a_chat_it_is_not_in()
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var erin = await ChatScenario.Agent(gateway, "erin");
        var endUser = await gateway.StartChat("billing");
        await Http.AssertSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await using var console = await gateway.Connect(erin.Token);
        var refused = await Assert.ThrowsAsync<HubException>(() => console.Connection.InvokeAsync<JsonElement>("WatchChat", endUser.ChatId));
        Assert.Contains("HubException: A11:", refused.Message);
    }

    public static TheoryData<string> ForgedTokens() =>
        ["no token", "empty bearer", "garbage", "basic scheme", "signed with another key", "expired", "not yet valid",
         "wrong issuer", "wrong audience", "payload edited to sam the supervisor", "payload edited to another chat",
         "signature altered", "unsigned (alg none)", "end user token signed with another key", "token in the query string"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Auth_a_token_the_gateway_did_not_issue_or_no_longer_accepts_is_401(string kind)
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var endUser = await gateway.StartChat("billing");
        var other = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Http.AssertSuccess(await alice.Post($"{chat}/accept"));
        var before = await Observe(alice, chat);
        var endUserBefore = await Http.Describe(await endUser.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0"));

        string? scheme = "Bearer", token = null, query = "";
        switch (kind)
        {
            case "no token": scheme = null; break;
            case "empty bearer": token = ""; break;
            case "garbage": token = "garbage.garbage.garbage"; break;
            case "basic scheme": scheme = "Basic"; token = Convert.ToBase64String("alice:alice"u8.ToArray()); break;
            case "signed with another key": token = Tokens.Sign(Tokens.AgentClaims("alice", "supervisor"), key: Tokens.OtherKey); break;
            case "expired": token = Tokens.Sign(Tokens.AgentClaims("alice"), validFrom: TimeSpan.FromHours(-3), lifetime: TimeSpan.FromHours(1)); break;
            case "not yet valid": token = Tokens.Sign(Tokens.AgentClaims("alice"), validFrom: TimeSpan.FromHours(1)); break;
            case "wrong issuer": token = Tokens.Sign(Tokens.AgentClaims("alice"), issuer: "someone-else"); break;
            case "wrong audience": token = Tokens.Sign(Tokens.AgentClaims("alice"), audience: "another-app"); break;
            case "payload edited to sam the supervisor":
                token = Tokens.Tampered(alice.Token, p => p.Replace("\"alice\"", "\"sam\"").Replace("\"agent\"", "\"supervisor\""));
                break;
            case "payload edited to another chat":
                token = Tokens.Tampered(other.Api.Token, p => p.Replace(other.ChatId, endUser.ChatId));
                break;
            case "signature altered": token = Tokens.BadSignature(alice.Token); break;
            case "unsigned (alg none)": token = Tokens.Unsigned(alice.Token); break;
            case "end user token signed with another key": token = Tokens.Sign(Tokens.EndUserClaims(endUser.Api.Id, endUser.ChatId), key: Tokens.OtherKey); break;
            case "token in the query string": scheme = null; query = $"?access_token={alice.Token}"; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }

        var http = gateway.Anonymous();
        var calls = new (HttpMethod Method, string Path, HttpContent? Body)[]
        {
            (HttpMethod.Get, "/api/me", null),
            (HttpMethod.Put, "/api/me/presence", Http.JsonOf(new { presence = "Away" })),
            (HttpMethod.Get, chat, null),
            (HttpMethod.Post, $"{chat}/messages", Http.JsonOf(new { text = "forged" })),
            (HttpMethod.Post, $"{chat}/end", null),
            (HttpMethod.Post, $"{chat}/supervisor-join", Http.JsonOf(new { mode = "Participant" })),
            (HttpMethod.Get, "/api/supervisor/queues", null),
            (HttpMethod.Get, "/api/enduser/chat", null),
            (HttpMethod.Post, "/api/enduser/chat/messages", Http.JsonOf(new { text = "forged" })),
            (HttpMethod.Post, "/api/enduser/chat/end", null),
        };
        foreach (var (method, path, body) in calls)
        {
            var request = new HttpRequestMessage(method, path + (path.Contains('?') ? query.Replace('?', '&') : query)) { Content = body };
            if (scheme is not null) request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}".TrimEnd());
            await Problems.Assert(await http.SendAsync(request), 401, "Auth");
        }

        Assert.Equal(before, await Observe(alice, chat));
        Assert.Equal(endUserBefore, await Http.Describe(await endUser.Api.Http.GetAsync("/api/enduser/chat/transcript?after=0")));
        var me = await alice.GetJson<JsonElement>("/api/me");
        Assert.Equal("Online", me.GetProperty("presence").GetString());
    }

    [Fact]
    public async Task Auth_a_token_signed_with_the_right_key_still_needs_the_right_role_and_chat()
    {
        // Claims the gateway never issues: an end user token without a chat, an unknown role.
        var endUser = await gateway.StartChat("billing");
        var http = gateway.Anonymous();
        var noChat = Tokens.Sign([new Claim("sub", endUser.Api.Id), new Claim("role", "enduser")]);
        await Problems.Assert(await Http.Send(http, HttpMethod.Get, "/api/enduser/chat", noChat), 403, "Auth");
        // Roles come from the directory, never from the token: alice claiming admin or supervisor is
        // still alice the agent, and a name the directory does not know is nobody.
        foreach (var role in new[] { "admin", "supervisor" })
        {
            var claimed = Tokens.Sign([new Claim("sub", "alice"), new Claim("role", role)]);
            var me = await Http.Send(http, HttpMethod.Get, "/api/me", claimed);
            await Http.AssertSuccess(me);
            Assert.Equal("Agent", (await me.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json)).GetProperty("registration").GetProperty("role").GetString());
            await Problems.Assert(await Http.Send(http, HttpMethod.Get, "/api/supervisor/queues", claimed), 403, "Auth");
        }
        var nobody = Tokens.Sign([new Claim("sub", "nobody-in-the-directory"), new Claim("role", "supervisor")]);
        await Problems.Assert(await Http.Send(http, HttpMethod.Get, "/api/supervisor/queues", nobody), 401, "Auth");
    }

    [Fact]
    public async Task Auth_supervisor_only_routes_refuse_agent_and_end_user_tokens()
    {
        var chat = await ChatScenario.Create(gateway);
        var before = await chat.Observe();
        foreach (var caller in new[] { chat.Alice, chat.Bob, chat.Carol, chat.Erin, chat.EndUser.Api })
        {
            await Problems.Assert(await caller.Post($"{chat.Chat}/supervisor-join", new { mode = "Monitor" }), 403, "Auth");
            await Problems.Assert(await caller.Post($"{chat.Chat}/supervisor-join", new { mode = "Participant" }), 403, "Auth");
            await Problems.Assert(await caller.Get("/api/supervisor/queues"), 403, "Auth");
            await Problems.Assert(await caller.Get("/api/supervisor/queues/billing/figures"), 403, "Auth");
            // RP2: reports are for supervisors and admins (the admin's access: ReportApiTests).
            await Problems.Assert(await caller.Get("/api/supervisor/reports?queue=billing&range=today"), 403, "Auth");
        }
        Assert.Equal(before, await chat.Observe());

        // The supervisor can (R13).
        await Http.AssertSuccess(await chat.Sam.Get("/api/supervisor/queues"));
        await Http.AssertSuccess(await chat.Sam.Get("/api/supervisor/queues/billing/figures"));
        await Http.AssertSuccess(await chat.Sam.Get("/api/supervisor/reports?queue=billing&range=7d"));
        await Http.AssertSuccess(await chat.Sam.Post($"{chat.Chat}/supervisor-join", new { mode = "Monitor" }));
    }

    [Fact]
    public async Task Auth_agent_tokens_cannot_use_end_user_routes()
    {
        var chat = await ChatScenario.Create(gateway);
        var before = await chat.Observe();
        foreach (var agent in new[] { chat.Alice, chat.Carol, chat.Sam })
        {
            await Problems.Assert(await agent.Get("/api/enduser/chat"), 403, "Auth");
            await Problems.Assert(await agent.Get("/api/enduser/chat/transcript"), 403, "Auth");
            await Problems.Assert(await agent.Post("/api/enduser/chat/messages", new { text = "as the customer" }), 403, "Auth");
            await Problems.Assert(await agent.Http.PostAsync("/api/enduser/chat/attachments", Http.TextFile()), 403, "Auth");
            await Problems.Assert(await agent.Post("/api/enduser/chat/end"), 403, "Auth");
        }
        Assert.Equal(before, await chat.Observe());
    }

    /// <summary>A chat as one agent in it reads it, plus what other agents' consoles list.</summary>
    private static async Task<string> Observe(ApiClient reader, string chat, params ApiClient[] agents)
    {
        var parts = new List<string>
        {
            await Http.Describe(await reader.Http.GetAsync(chat)),
            await Http.Describe(await reader.Http.GetAsync($"{chat}/transcript?after=0&max=500&audit=true")),
        };
        foreach (var agent in agents)
        {
            parts.Add(await Http.Describe(await agent.Http.GetAsync("/api/me")));
            parts.Add(await Http.Describe(await agent.Http.GetAsync("/api/me/invites")));
        }
        return string.Join("\n", parts);
    }
}
