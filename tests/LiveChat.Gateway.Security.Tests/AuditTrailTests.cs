namespace LiveChat.Gateway.Security.Tests;

using static Watchers;

/// <summary>
/// The audit trail (entries stored for audit only, such as a monitor joining where system
/// notifications are off) is read and pushed only to the assignee and the supervisors of the
/// chat's queue who joined it; participants and monitors get a 403 "Audit" and no push.
/// </summary>
public sealed class AuditTrailTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Audit_a_monitor_join_with_notifications_off_reaches_the_assignee_but_not_a_participant()
    {
        var chat = await ChatScenario.Create(gateway);
        await using var alice = await Watching(gateway, chat.Alice, chat.ChatId);
        await using var carol = await Watching(gateway, chat.Carol, chat.ChatId);
        await using var bob = await Watching(gateway, chat.Bob, chat.ChatId);
        // Billing shows monitor joins to agents; tech (system notifications off) keeps them for audit:
        // the chat moves to tech, where alice takes it again and carol joins as participant.
        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/transfer", new { toQueueId = "tech" }));
        await Http.AssertSuccess(await chat.Alice.Post($"{chat.Chat}/accept"));
        await ChatScenario.Join(chat.Alice, chat.Carol, chat.Chat, "Participant", "Participate");
        await using var aliceAgain = await Watching(gateway, chat.Alice, chat.ChatId);
        await using var carolAgain = await Watching(gateway, chat.Carol, chat.ChatId);

        await Http.AssertSuccess(await chat.Sam.Post($"{chat.Chat}/supervisor-join", new { mode = "Monitor" }));
        var join = await aliceAgain.WaitFor("chatEvent", e => Of(e, chat.ChatId) && e.GetProperty("entry").GetProperty("refId").GetString() == "sam");
        Assert.Equal("Audit", join.GetProperty("entry").GetProperty("visibility").GetString());
        // The next event, which carol does receive, shows she was not sent the join.
        var note = await chat.Alice.PostJson<JsonElement>($"{chat.Chat}/side-notes", new { text = "after the monitor" });
        await carolAgain.WaitFor("chatEvent", e => Entries.Seq(e) == note.GetProperty("seq").GetInt64());
        Assert.DoesNotContain(carolAgain.Received("chatEvent"), e => e.GetProperty("entry").GetProperty("visibility").GetString() == "Audit");

        // Reading it: the assignee and the supervisor who joined may; the participant may not.
        var audit = await chat.Alice.GetJson<JsonElement>($"{chat.Chat}/transcript?after=0&max=500&audit=true");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("visibility").GetString() == "Audit");
        await Http.AssertSuccess(await chat.Sam.Get($"{chat.Chat}/transcript?after=0&audit=true"));
        var before = await chat.Observe();
        await Problems.Assert(await chat.Carol.Get($"{chat.Chat}/transcript?after=0&audit=true"), 403, "Audit");
        Assert.Equal(before, await chat.Observe());
        var plain = await chat.Carol.GetJson<JsonElement>($"{chat.Chat}/transcript?after=0&max=500");
        Assert.DoesNotContain(plain.GetProperty("entries").EnumerateArray(), e => e.GetProperty("visibility").GetString() == "Audit");
    }

    [Fact]
    public async Task Audit_participants_and_monitors_cannot_read_the_audit_trail()
    {
        var chat = await ChatScenario.Create(gateway);
        var before = await chat.Observe();
        await Problems.Assert(await chat.Carol.Get($"{chat.Chat}/transcript?after=0&audit=true"), 403, "Audit");
        await Problems.Assert(await chat.Bob.Get($"{chat.Chat}/transcript?after=0&audit=true"), 403, "Audit");
        await Problems.Assert(await chat.Erin.Get($"{chat.Chat}/transcript?after=0&audit=true"), 403, "A11");
        Assert.Equal(before, await chat.Observe());
        await Http.AssertSuccess(await chat.Alice.Get($"{chat.Chat}/transcript?after=0&audit=true"));
    }
}
