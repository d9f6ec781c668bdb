namespace LiveChat.Gateway.Security.Tests;

using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// The end user cannot infer hidden activity: its sequence numbers (pushed and read) count only
/// what it sees, with no gaps where side notes, invites or monitor joins happened, and no agent's
/// sign-in id appears anywhere it looks: view, transcript, pushes, typing.
/// </summary>
public sealed class EndUserPrivacyTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly string[] AgentIds = ["alice", "bob", "carol", "dave", "erin", "sam"];

    [Fact]
    public async Task EndUser_sequence_numbers_are_gap_free_around_side_notes_invites_and_monitor_joins_and_show_no_agent_id()
    {
        var alice = await ChatScenario.Agent(gateway, "alice");
        var bob = await ChatScenario.Agent(gateway, "bob");
        var carol = await ChatScenario.Agent(gateway, "carol");
        var sam = await ChatScenario.Agent(gateway, "sam");
        var endUser = await gateway.StartChat("billing");
        var chat = $"/api/chats/{endUser.ChatId}";
        await using var console = await gateway.Connect(endUser.Api.Token);

        await Http.AssertSuccess(await alice.Post($"{chat}/accept"));
        await using var watching = await Watchers.Watching(gateway, alice, endUser.ChatId);
        await alice.PostJson<JsonElement>($"{chat}/side-notes", new { text = "hidden 1" });
        await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "one" });
        await ChatScenario.Join(alice, bob, chat, "Monitor", "Monitor");
        await alice.PostJson<JsonElement>($"{chat}/messages", new { text = "two" });
        await Http.AssertSuccess(await alice.Post($"{chat}/pinned-articles", new { articleId = "kb-101" }));
        await Http.AssertSuccess(await sam.Post($"{chat}/supervisor-join", new { mode = "Monitor" }));
        await ChatScenario.Join(alice, carol, chat, "Participant", "Participate");
        await alice.PostJson<JsonElement>($"{chat}/side-notes", new { text = "hidden 2" });
        await carol.PostJson<JsonElement>($"{chat}/messages", new { text = "three" });
        await watching.Connection.InvokeAsync("Typing", endUser.ChatId);
        var last = await endUser.Api.PostJson<JsonElement>("/api/enduser/chat/messages", new { text = "four" });
        await console.WaitFor("chatEvent", e => Entries.Seq(e) == last.GetProperty("seq").GetInt64());
        var typing = await console.WaitFor("typing", _ => true);

        // Read: 1..lastSeq, nothing missing; pushed: the same numbers for the same entries.
        var view = await endUser.Api.GetJson<JsonElement>("/api/enduser/chat");
        var read = await endUser.Api.GetJson<JsonElement>("/api/enduser/chat/transcript?after=0&max=500");
        var readSeqs = read.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, readSeqs.Count).Select(i => (long)i), readSeqs);
        Assert.Equal(readSeqs[^1], view.GetProperty("lastSeq").GetInt64());
        Assert.Equal(readSeqs[^1], read.GetProperty("lastSeq").GetInt64());
        Assert.Equal(last.GetProperty("seq").GetInt64(), readSeqs[^1]);
        var pushed = console.Received("chatEvent").Select(e => e.GetProperty("entry")).ToList();
        var pushedSeqs = pushed.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range((int)pushedSeqs[0], pushedSeqs.Count).Select(i => (long)i), pushedSeqs);
        var readBySeq = read.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("seq").GetInt64(), e => e.GetProperty("text").GetString());
        Assert.All(pushed, e => Assert.Equal(readBySeq[e.GetProperty("seq").GetInt64()], e.GetProperty("text").GetString()));
        // The agents' numbers went further: the end user's skipped the hidden entries.
        var agentSeq = (await alice.GetJson<JsonElement>(chat)).GetProperty("lastSeq").GetInt64();
        Assert.True(agentSeq > readSeqs[^1] + 4, $"agents {agentSeq}, end user {readSeqs[^1]}");

        // No sign-in id anywhere the end user looks.
        var seen = string.Join("\n", new[] { view.GetRawText(), read.GetRawText(), last.GetRawText(), typing.GetRawText() }
            .Concat(console.Received("chatEvent").Select(e => e.GetRawText())));
        foreach (var id in AgentIds) Assert.DoesNotContain($"\"{id}\"", seen);
        Assert.StartsWith("agent-", typing.GetProperty("actorId").GetString());
        Assert.Equal("Alice Archer", typing.GetProperty("actorName").GetString());
        Assert.Contains(typing.GetProperty("actorId").GetString(), view.GetProperty("agentsInChat").EnumerateArray().Select(a => a.GetString()));
    }
}
