namespace LiveChat.Gateway.Security.Tests;

using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The action table (A1-A11, docs/rules.md) through the public API: every chat route × every kind of caller, former
/// members and invitees included, each row on a fresh chat. Allowed is a 2xx that leaves a trace
/// (a write) or changes nothing (a read); refused is a problem naming the rule and changes nothing.
/// </summary>
public sealed class AuthorizationMatrixTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private enum Kind { Write, Read }

    /// <summary>What a caller is in the chat when it acts: the A-table's columns, and "not in it".</summary>
    private enum Standing { Assignee, Participant, Monitor, None }

    /// <summary>One chat route: its rule, the agent's call, the end user's call where one exists, and what to prepare.</summary>
    private sealed record ChatAction(
        string Rule,
        Kind Kind,
        Func<MatrixChat, HttpClient, string?, Task<HttpResponseMessage>> AgentCall,
        Func<MatrixChat, HttpClient, Task<HttpResponseMessage>>? EndUserCall = null,
        Func<MatrixChat, string?, Task>? Prepare = null);

    private static readonly Dictionary<string, ChatAction> Actions = new()
    {
        ["end"] = new("A1", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/end", null), (c, h) => h.PostAsync("/api/enduser/chat/end", null)),
        ["abandon"] = new("A1", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/abandon", null)),
        ["release"] = new("A1", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/release", null)),
        ["transfer to an agent"] = new("A1", Kind.Write, (c, h, me) => h.PostAsJsonAsync($"{c.Chat}/transfer", new { toAgentId = c.FreeAgent(me) })),
        ["transfer to another queue"] = new("A1", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/transfer", new { toQueueId = "tech" })),
        ["add a side note"] = new("A2", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/side-notes", new { text = "private to agents" })),
        ["request remote access"] = new("A3", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/remote-access", null)),
        ["create a ticket"] = new("A4", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/tickets", new { summary = "Refund not received" })),
        ["pin an article"] = new("A5", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/pinned-articles", new { articleId = "kb-102" })),
        ["unpin an article"] = new("A5", Kind.Write, (c, h, _) => h.DeleteAsync($"{c.Chat}/pinned-articles/kb-101")),
        ["share an article"] = new("A6", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/shared-articles", new { articleId = "kb-101" })),
        ["send a message"] = new("A7", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/messages", new { text = "How can I help?" }),
            (c, h) => h.PostAsJsonAsync("/api/enduser/chat/messages", new { text = "My invoice is wrong" })),
        ["send canned text"] = new("A8", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/canned-messages", new { cannedResponseId = "greeting" })),
        ["upload an attachment"] = new("A9", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/attachments", Http.TextFile()),
            (c, h) => h.PostAsync("/api/enduser/chat/attachments", Http.TextFile())),
        ["download an attachment"] = new("A9", Kind.Read, (c, h, _) => h.GetAsync($"{c.Chat}/attachments/{c.AttachmentId}"),
            (c, h) => h.GetAsync($"/api/enduser/chat/attachments/{c.AttachmentId}")),
        ["leave"] = new("A10", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/leave", null)),
        ["read the chat and its pinned articles"] = new("A11", Kind.Read, (c, h, _) => h.GetAsync(c.Chat), (c, h) => h.GetAsync("/api/enduser/chat")),
        ["read the transcript"] = new("A11", Kind.Read, (c, h, _) => h.GetAsync($"{c.Chat}/transcript?after=0"),
            (c, h) => h.GetAsync("/api/enduser/chat/transcript?after=0")),
        ["download the transcript"] = new("A11", Kind.Read, (c, h, _) => h.GetAsync($"{c.Chat}/transcript/download?format=html"),
            (c, h) => h.GetAsync("/api/enduser/chat/transcript/download?format=html")),
        ["read the side notes"] = new("A11", Kind.Read, (c, h, _) => h.GetAsync($"{c.Chat}/transcript?after=0&max=500"),
            (c, h) => h.GetAsync("/api/enduser/chat/transcript?after=0&max=500")),
        ["invite an agent"] = new("R3", Kind.Write, (c, h, me) => h.PostAsJsonAsync($"{c.Chat}/invites", new { inviteeId = c.FreeAgent(me), mode = "Monitor" })),
        ["search agents to invite"] = new("R3", Kind.Read, (c, h, _) => h.GetAsync($"{c.Chat}/invitees?q=a")),
        ["change an invite's mode"] = new("R3", Kind.Write, (c, h, _) => h.PutAsJsonAsync($"{c.Chat}/invites/{c.InviteId}/mode", new { mode = "Participant" }),
            Prepare: (c, me) => c.PrepareInvite(me, rejected: false)),
        ["resend a rejected invite"] = new("R3", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/invites/{c.InviteId}/resend", null),
            Prepare: (c, me) => c.PrepareInvite(me, rejected: true)),
        ["cancel an invite"] = new("R3", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/invites/{c.InviteId}/cancel", null),
            Prepare: (c, me) => c.PrepareInvite(me, rejected: false)),
        // T1: offering a transfer, and its search, are the assignee's alone (the A1 transfer, with accept).
        ["offer the chat to an agent"] = new("T1", Kind.Write, (c, h, me) => h.PostAsJsonAsync($"{c.Chat}/offers", new { toAgentId = c.FreeAgent(me), senderStays = true })),
        ["search agents to offer the chat to"] = new("T1", Kind.Read, (c, h, _) => h.GetAsync($"{c.Chat}/offer-receivers?q=a")),
        ["read the invites"] = new("R10", Kind.Read, (c, h, _) => h.GetAsync($"{c.Chat}/invites")),
        ["accept the chat (take it over)"] = new("Lifecycle", Kind.Write, (c, h, _) => h.PostAsync($"{c.Chat}/accept", null)),
        ["join as supervisor"] = new("R13", Kind.Write, (c, h, _) => h.PostAsJsonAsync($"{c.Chat}/supervisor-join", new { mode = "Monitor" })),
    };

    /// <summary>A caller of the matrix: what it is in the chat, and how the row makes it so.</summary>
    private sealed record Role(Standing Standing, Func<MatrixChat, Task<ApiClient?>> Setup, bool Supervisor = false, string? EndUser = null);

    private static readonly Dictionary<string, Role> Roles = new()
    {
        ["assignee"] = new(Standing.Assignee, c => Agent(c.Agent("alice"))),
        ["participant"] = new(Standing.Participant, async c => await c.Invited("carol", "Participant", "Participate")),
        ["monitor"] = new(Standing.Monitor, async c => await c.Invited("bob", "Monitor", "Monitor")),
        ["supervisor joined as monitor"] = new(Standing.Monitor, async c => await c.SupervisorJoined("Monitor"), Supervisor: true),
        ["supervisor joined as participant"] = new(Standing.Participant, async c => await c.SupervisorJoined("Participant"), Supervisor: true),
        ["supervisor not joined"] = new(Standing.None, c => Agent(c.Agent("sam")), Supervisor: true),
        ["agent of the queue not in the chat"] = new(Standing.None, c => Agent(c.Agent("bob"))),
        ["agent of the queue without ESChat_Agent"] = new(Standing.None, c => Agent(c.Agent("erin"))),
        ["agent of another queue"] = new(Standing.None, c => Agent(c.Agent("dave"))),
        ["former participant (left)"] = new(Standing.None, async c => await c.Left(await c.Invited("carol", "Participant", "Participate"))),
        ["former monitor (left)"] = new(Standing.None, async c => await c.Left(await c.Invited("bob", "Monitor", "Monitor"))),
        ["former supervisor (joined as monitor, left)"] = new(Standing.None, async c => await c.Left(await c.SupervisorJoined("Monitor")), Supervisor: true),
        ["former assignee (released; carol took it)"] = new(Standing.None, async c => await c.AliceGaveUp("release")),
        ["former assignee (transferred to carol)"] = new(Standing.None, async c => await c.AliceGaveUp("transfer to carol")),
        ["former assignee (transferred to tech; dave took it)"] = new(Standing.None, async c => await c.AliceGaveUp("transfer to tech")),
        ["invitee with a pending invite"] = new(Standing.None, async c => await c.Invited("bob", "Participant", null)),
        ["invitee who rejected"] = new(Standing.None, async c => await c.Invited("bob", "Participant", "Reject")),
        ["end user of the chat, on agent routes"] = new(Standing.None, _ => Agent(null), EndUser: "own"),
        ["end user of another chat, on agent routes"] = new(Standing.None, _ => Agent(null), EndUser: "other"),
        ["end user of the chat, on end-user routes"] = new(Standing.None, _ => Agent(null), EndUser: "own routes"),
    };

    private static Task<ApiClient?> Agent(ApiClient? agent) => Task.FromResult(agent);

    /// <summary>The action table (docs/rules.md), written out here from the rules rather than taken from the product.</summary>
    private static bool SpecAllows(Standing standing, string rule) => (standing, rule) switch
    {
        (Standing.Assignee, "A10") => false,
        (Standing.Assignee, _) => true,
        (Standing.Participant, "A6" or "A7" or "A8" or "A9" or "A10" or "A11") => true,
        (Standing.Monitor, "A10" or "A11") => true,
        _ => false,
    };

    /// <summary>
    /// The expected answer: null when allowed, else the status and rule id of the refusal. Rules
    /// beyond the A-table: R3 invites and T1 transfer offers are the assignee's; R10 anyone in the chat sees its invites;
    /// nobody takes over an active chat by accepting it; R13 only supervisors join without an
    /// invite, once (a supervisor who left may join again). Former members and invitees that did
    /// not join are not in the chat: refused everything, with the action's rule.
    /// </summary>
    private static (int Status, string Rule)? Expected(Role role, ChatAction action)
    {
        if (role.EndUser is "own" or "other") return (403, "Auth");
        if (role.EndUser is not null) return null;
        return action.Rule switch
        {
            "Lifecycle" => (409, "Lifecycle"),
            "R13" when !role.Supervisor => (403, "Auth"),
            "R13" => role.Standing switch { Standing.None => null, Standing.Monitor => (409, "R13"), _ => (409, "R7") },
            "R3" => role.Standing == Standing.Assignee ? null : (403, "R3"),
            "T1" => role.Standing == Standing.Assignee ? null : (403, "T1"),
            "R10" => role.Standing == Standing.None ? (403, "R10") : null,
            var rule => SpecAllows(role.Standing, rule) ? null : (403, rule),
        };
    }

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var (name, action) in Actions)
            foreach (var (roleName, role) in Roles)
                if (role.EndUser != "own routes" || action.EndUserCall is not null)
                    rows.Add(action.Rule, name, roleName);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A1_to_A11_R3_R10_R13_T1_each_caller_may_do_exactly_what_the_rules_allow(string rule, string action, string role)
    {
        var chat = await MatrixChat.Create(gateway);
        try
        {
            var call = Actions[action];
            // The rule is in the row only so a failure's name says which rule broke.
            Assert.Equal(call.Rule, rule);
            var caller = Roles[role];
            var agent = await caller.Setup(chat);
            if (call.Prepare is not null) await call.Prepare(chat, agent?.Id);
            var http = caller.EndUser switch
            {
                null => agent!.Http,
                "other" => (await gateway.StartChat("billing", name: "Someone Else")).Api.Http,
                _ => chat.EndUser.Api.Http,
            };
            var before = await chat.Observe();
            var callerBefore = agent is null ? null : await Http.Describe(await agent.Http.GetAsync("/api/me"));
            var seqBefore = await chat.LastSeq();

            var response = caller.EndUser == "own routes" ? await call.EndUserCall!(chat, http) : await call.AgentCall(chat, http, agent?.Id);
            var body = await response.Content.ReadAsStringAsync();

            if (Expected(caller, call) is { } refusal)
            {
                await Problems.Assert(response, refusal.Status, refusal.Rule);
                Assert.DoesNotContain(MatrixChat.FileText, body);
                Assert.DoesNotContain(MatrixChat.SideNote, body);
                // A refusal changes nothing: not the chat, not the caller.
                Assert.Equal(before, await chat.Observe());
                if (agent is not null) Assert.Equal(callerBefore, await Http.Describe(await agent.Http.GetAsync("/api/me")));
                return;
            }

            await Http.AssertSuccess(response);
            if (call.Kind == Kind.Write)
            {
                var seqAfter = await chat.LastSeq();
                Assert.True(seqAfter.Chat > seqBefore.Chat || seqAfter.EndUser > seqBefore.EndUser,
                    $"{action} by the {role} was answered {(int)response.StatusCode} but left no trace in the transcript.");
                return;
            }
            Assert.Equal(before, await chat.Observe());
            switch (action)
            {
                case "download an attachment":
                    Assert.Equal(MatrixChat.FileText, body);
                    break;
                case "read the chat and its pinned articles" when caller.EndUser is null:
                    Assert.Contains("kb-101", body);
                    break;
                case "download the transcript" when caller.EndUser is null:
                    // Side notes are in the agents' download, marked internal (D1).
                    Assert.Contains(System.Net.WebUtility.HtmlEncode(MatrixChat.SideNote), body);
                    break;
                case "download the transcript":
                    Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(MatrixChat.SideNote), body);
                    break;
                case "read the side notes" when caller.EndUser is null:
                    Assert.Contains(MatrixChat.SideNote, body);
                    break;
                case "read the side notes":
                    // The end user never sees side notes (docs/rules.md, under the action table).
                    Assert.DoesNotContain(MatrixChat.SideNote, body);
                    break;
            }
        }
        finally
        {
            await chat.Close();
        }
    }

    [Fact]
    public void The_matrix_covers_every_chat_route_of_the_gateway()
    {
        // Every route under /api/chats/{chatId} is an action of the matrix (the OpenAPI fuzz run
        // checks that the document lists every route; this checks the matrix does not miss one).
        var covered = new[]
        {
            "POST end", "POST abandon", "POST release", "POST transfer", "POST side-notes", "POST remote-access", "POST tickets",
            "POST pinned-articles", "DELETE pinned-articles/{articleId}", "POST shared-articles", "POST messages", "POST canned-messages",
            "POST attachments", "GET attachments/{attachmentId}", "POST leave", "GET ", "GET transcript", "GET transcript/download", "POST invites", "GET invitees",
            "PUT invites/{inviteId}/mode", "POST invites/{inviteId}/resend", "POST invites/{inviteId}/cancel", "GET invites", "POST accept",
            "POST supervisor-join",
            // Answering an invite is the invitee's, not a chat member's: SpoofingTests.R6_* and InviteFlowTests.
            "POST invites/{inviteId}/response",
            "POST offers", "GET offer-receivers",
            // Answering an offer is the receiver's and cancelling it the sender's, not a chat member's
            // (T5-T7): each refusal is tested per caller in the grain's TransferOfferTests and over
            // HTTP in TransferOfferFlowTests.
            "POST offers/{offerId}/accept", "POST offers/{offerId}/decline", "POST offers/{offerId}/cancel",
        };
        var served = gateway.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/chats/{chatId}") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => $"{m} {e.RoutePattern.RawText!["/api/chats/{chatId}".Length..].Trim('/')}"))
            .Order();
        Assert.Equal(covered.Order(), served);
    }
}
