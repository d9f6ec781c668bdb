namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Common;

/// <summary>Unknown ids, wrong states and duplicates are refused with a rule id and change nothing.</summary>
public sealed class ValidationTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task Lifecycle_unknown_chat_is_not_found()
    {
        var unknown = Chat("no-such-chat-" + Guid.NewGuid());
        await Refused("A7", RefusalKind.NotFound, () => unknown.PostEndUserMessage("u", "hi"));
        await Refused("R4", RefusalKind.NotFound, () => unknown.Invite("a", "b", JoinMode.Participant));
        await Refused(Rules.Lifecycle, RefusalKind.NotFound, () => unknown.EndByEndUser("u"));
    }

    [Fact]
    public async Task Lifecycle_a_chat_starts_once_in_a_queue_that_exists()
    {
        var queue = await Directory.Queue();
        var chatId = await Directory.WaitingChat(queue);
        await Refused(Rules.Lifecycle, RefusalKind.Conflict,
            () => Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo("u2", "Other"), null)));
        await Refused(Rules.Lifecycle, RefusalKind.NotFound,
            () => Chat(TestDirectory.NewId("chat")).Start(new StartChatRequest("no-such-queue", new EndUserInfo("u", "Pat"), null)));
        // The display name's own rule: Names (DisplayNameTests).
        await Refused(Rules.Names, RefusalKind.Invalid,
            () => Chat(TestDirectory.NewId("chat")).Start(new StartChatRequest(queue, new EndUserInfo("u", ""), null)));
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        Assert.Single(await Queue(queue).GetWaitingChats());
    }

    [Fact]
    public async Task Lifecycle_accept_needs_a_waiting_chat_and_an_online_agent_of_its_queue()
    {
        var queue = await Directory.Queue();
        var away = await Directory.Agent(queue, presence: Presence.Away);
        var stranger = await Directory.Agent(await Directory.Queue());
        var alice = await Directory.Agent(queue);
        var chatId = await Directory.WaitingChat(queue);
        await Refused(Rules.Lifecycle, RefusalKind.Conflict, () => Chat(chatId).Accept(away));
        await Refused(Rules.Lifecycle, RefusalKind.Forbidden, () => Chat(chatId).Accept(stranger));
        await Chat(chatId).Accept(alice);
        await Refused(Rules.Lifecycle, RefusalKind.Conflict, () => Chat(chatId).Accept(alice));
        Assert.Equal([chatId], (await Agent(alice).GetSnapshot()).AssignedChats);
    }

    [Fact]
    public async Task A5_unknown_or_duplicate_articles_and_A8_unknown_canned_text_are_refused()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        await RefusedAndUnchanged(chatId, alice, "A5", RefusalKind.NotFound, () => Chat(chatId).PinArticle(alice, "kb-999"));
        await Chat(chatId).PinArticle(alice, "kb-1");
        await RefusedAndUnchanged(chatId, alice, "A5", RefusalKind.Conflict, () => Chat(chatId).PinArticle(alice, "kb-1"));
        await RefusedAndUnchanged(chatId, alice, "A8", RefusalKind.NotFound, () => Chat(chatId).SendCannedText(alice, "nope"));
        var canned = await Chat(chatId).SendCannedText(alice, "greeting");
        Assert.Equal("Hello, how can I help?", canned.Text);
    }

    [Fact]
    public async Task Directory_agent_registration_and_settings_are_validated()
    {
        var agent = Agent(TestDirectory.NewId("agent"));
        await Refused(Rules.Directory, RefusalKind.NotFound, () => agent.GetSnapshot());
        await Refused(Rules.Directory, RefusalKind.Invalid, () => agent.Register(new AgentRegistration(
            new AgentProfile("", "X", "x@example.com"), AgentRole.Agent, [], [], [])));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => agent.Register(new AgentRegistration(
            new AgentProfile("A", "B", "x@example.com"), AgentRole.Agent, [], [], ["q"])));
        await agent.Register(new AgentRegistration(new AgentProfile("A", "B", "a@example.com"), AgentRole.Agent, [], ["q"], []));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => agent.UpdateSettings(AgentSettings.Default with { Capacity = -1 }));
        Assert.Equal(AgentSettings.Default, (await agent.GetSnapshot()).Settings);
    }

    [Fact]
    public async Task Directory_the_email_lookup_follows_an_agents_registration()
    {
        // Sign-in by a provider's "email" claim finds the agent through this lookup (case and blanks ignored).
        var id = TestDirectory.NewId("agent");
        var first = $"{id}@example.com";
        var second = $"{id}.new@example.com";
        var agent = Agent(id);
        await agent.Register(new AgentRegistration(new AgentProfile("A", "B", first), AgentRole.Agent, [], ["q"], []));
        Assert.Equal(id, await Client.AgentEmail(AgentEmail.Normalize(" " + first.ToUpperInvariant())).Find());

        await agent.Register(new AgentRegistration(new AgentProfile("A", "B", second), AgentRole.Agent, [], ["q"], []));
        Assert.Null(await Client.AgentEmail(AgentEmail.Normalize(first)).Find());
        Assert.Equal(id, await Client.AgentEmail(AgentEmail.Normalize(second)).Find());
    }
}
