namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// SPEC's A-table through the public API: every action × every kind of caller, each row on a
/// fresh chat. Allowed is a 2xx; refused is a 403 naming the action's rule and changes nothing.
/// </summary>
public sealed class AuthorizationMatrixTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    /// <summary>One action of the A-table: its agent route and, where one exists, the end user's.</summary>
    private sealed record ChatAction(
        string Rule,
        Func<ChatScenario, HttpClient, Task<HttpResponseMessage>> AgentCall,
        Func<ChatScenario, HttpClient, Task<HttpResponseMessage>>? EndUserCall = null,
        bool Reads = false);

    private static readonly Dictionary<string, ChatAction> Actions = new()
    {
        ["end"] = new("A1", (s, h) => h.PostAsync($"{s.Chat}/end", null), (s, h) => h.PostAsync("/api/enduser/chat/end", null)),
        ["abandon"] = new("A1", (s, h) => h.PostAsync($"{s.Chat}/abandon", null)),
        ["release"] = new("A1", (s, h) => h.PostAsync($"{s.Chat}/release", null)),
        ["transfer to agent"] = new("A1", (s, h) => h.PostAsJsonAsync($"{s.Chat}/transfer", new { toAgentId = "bob" })),
        ["transfer to queue"] = new("A1", (s, h) => h.PostAsJsonAsync($"{s.Chat}/transfer", new { toQueueId = "tech" })),
        ["side note"] = new("A2", (s, h) => h.PostAsJsonAsync($"{s.Chat}/side-notes", new { text = "private to agents" })),
        ["remote access"] = new("A3", (s, h) => h.PostAsync($"{s.Chat}/remote-access", null)),
        ["ticket"] = new("A4", (s, h) => h.PostAsJsonAsync($"{s.Chat}/tickets", new { summary = "Refund not received" })),
        ["pin"] = new("A5", (s, h) => h.PostAsJsonAsync($"{s.Chat}/pinned-articles", new { articleId = "kb-102" })),
        ["unpin"] = new("A5", (s, h) => h.DeleteAsync($"{s.Chat}/pinned-articles/kb-101")),
        ["share article"] = new("A6", (s, h) => h.PostAsJsonAsync($"{s.Chat}/shared-articles", new { articleId = "kb-101" })),
        ["message"] = new("A7", (s, h) => h.PostAsJsonAsync($"{s.Chat}/messages", new { text = "How can I help?" }),
            (s, h) => h.PostAsJsonAsync("/api/enduser/chat/messages", new { text = "My invoice is wrong" })),
        ["canned text"] = new("A8", (s, h) => h.PostAsJsonAsync($"{s.Chat}/canned-messages", new { cannedResponseId = "greeting" })),
        ["upload attachment"] = new("A9", (s, h) => h.PostAsync($"{s.Chat}/attachments", Http.TextFile()),
            (s, h) => h.PostAsync("/api/enduser/chat/attachments", Http.TextFile())),
        ["leave"] = new("A10", (s, h) => h.PostAsync($"{s.Chat}/leave", null)),
        ["read snapshot"] = new("A11", (s, h) => h.GetAsync(s.Chat), (s, h) => h.GetAsync("/api/enduser/chat"), Reads: true),
        ["read transcript"] = new("A11", (s, h) => h.GetAsync($"{s.Chat}/transcript?after=0"),
            (s, h) => h.GetAsync("/api/enduser/chat/transcript?after=0"), Reads: true),
    };

    /// <summary>SPEC's A-table, written out here rather than taken from the product.</summary>
    private static bool SpecAllows(string role, string rule) => (role, rule) switch
    {
        ("assignee", "A10") => false,
        ("assignee", _) => true,
        ("participant", "A6" or "A7" or "A8" or "A9" or "A10" or "A11") => true,
        ("monitor", "A10" or "A11") => true,
        _ => false,
    };

    private static readonly string[] AgentRoles = ["assignee", "participant", "monitor", "outsider", "supervisor not in chat"];

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var (name, action) in Actions)
        {
            foreach (var role in AgentRoles) rows.Add(action.Rule, name, role);
            // The end user's token on the agent route, and the end user's own route where there is one.
            rows.Add(action.Rule, name, "end user on the agent route");
            if (action.EndUserCall is not null) rows.Add(action.Rule, name, "end user");
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A1_to_A11_each_caller_may_do_exactly_what_the_A_table_allows(string rule, string action, string role)
    {
        var chat = await ChatScenario.Create(gateway);
        var call = Actions[action];
        var (http, meHttp) = role switch
        {
            "assignee" => (chat.Alice.Http, chat.Alice.Http),
            "participant" => (chat.Carol.Http, chat.Carol.Http),
            "monitor" => (chat.Bob.Http, chat.Bob.Http),
            "outsider" => (chat.Erin.Http, chat.Erin.Http),
            "supervisor not in chat" => (chat.Sam.Http, chat.Sam.Http),
            _ => (chat.EndUser.Api.Http, (HttpClient?)null),
        };
        var before = await chat.Observe();
        var callerBefore = meHttp is null ? null : await Http.Describe(await meHttp.GetAsync("/api/me"));
        var seqBefore = await chat.LastSeq();

        var response = role == "end user" ? await call.EndUserCall!(chat, http) : await call.AgentCall(chat, http);

        if (role == "end user on the agent route")
        {
            await Problems.Assert(response, 403, "Auth");
        }
        else if (role == "end user" || SpecAllows(role, rule))
        {
            await Http.AssertSuccess(response);
            if (call.Reads)
                Assert.Equal(before, await chat.Observe());
            else
            {
                var seqAfter = await chat.LastSeq();
                Assert.True(seqAfter.Chat > seqBefore.Chat || seqAfter.EndUser > seqBefore.EndUser,
                    $"{action} by the {role} was answered {(int)response.StatusCode} but left no trace in the transcript.");
            }
            return;
        }
        else
        {
            await Problems.Assert(response, 403, rule);
        }

        // A refusal changes nothing: not the chat, not the caller.
        Assert.Equal(before, await chat.Observe());
        if (meHttp is not null) Assert.Equal(callerBefore, await Http.Describe(await meHttp.GetAsync("/api/me")));
    }

    [Fact]
    public async Task A9_A11_agents_outside_the_chat_and_end_user_tokens_cannot_download_its_attachments()
    {
        var chat = await ChatScenario.Create(gateway);
        var path = $"{chat.Chat}/attachments/{chat.AttachmentId}";
        await Http.AssertSuccess(await chat.Alice.Http.GetAsync(path));
        await Http.AssertSuccess(await chat.Carol.Http.GetAsync(path));
        await Http.AssertSuccess(await chat.EndUser.Api.Http.GetAsync($"/api/enduser/chat/attachments/{chat.AttachmentId}"));

        var refused = await Problems.Assert(await chat.Erin.Http.GetAsync(path), 403, "A9");
        Assert.DoesNotContain("hello from a test", refused.GetRawText());
        await Problems.Assert(await chat.Sam.Http.GetAsync(path), 403, "A9");
        await Problems.Assert(await chat.EndUser.Api.Http.GetAsync(path), 403, "Auth");
    }

    [Fact]
    public async Task A9_a_monitor_cannot_receive_attachments()
    {
        var chat = await ChatScenario.Create(gateway);
        var before = await chat.Observe();
        await Problems.Assert(await chat.Bob.Http.GetAsync($"{chat.Chat}/attachments/{chat.AttachmentId}"), 403, "A9");
        Assert.Equal(before, await chat.Observe());
    }
}
