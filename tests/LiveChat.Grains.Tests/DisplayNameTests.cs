namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Common;

/// <summary>
/// Names: names others see lose control and bidi characters and cannot pass for the system's own
/// lines (the consoles call the system "System" and "Support"); a refusal names rule "Names".
/// </summary>
public sealed class DisplayNameTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    /// <summary>Starts a chat with that name and returns it as the agent who accepts it sees it.</summary>
    private async Task<ChatSnapshot> Start(string queue, string displayName)
    {
        var chatId = TestDirectory.NewId("chat");
        await Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo(TestDirectory.EndUserOf(chatId), displayName), "Hi"));
        var agent = await Directory.Agent(queue);
        await Chat(chatId).Accept(agent);
        return await Chat(chatId).GetSnapshot(agent);
    }

    [Fact]
    public async Task Names_the_end_users_name_loses_control_and_bidi_characters()
    {
        var queue = await Directory.Queue();
        var chatId = TestDirectory.NewId("chat");
        var endUser = TestDirectory.EndUserOf(chatId);
        await Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo(endUser, "  Pat\u202E\u2066 Cus\u0007tomer\u200F\n "), "Hi"));

        var first = (await Chat(chatId).ReadEndUserTranscript(endUser, 0, 10)).Entries[0];
        Assert.StartsWith("Pat Customer started a chat", first.Text);
        // The queue's waiting list, where agents pick chats, shows the clean name too.
        await FiguresWhen(queue, f => f.WaitingChats == 1);
        Assert.Equal("Pat Customer", (await Queue(queue).GetWaitingChats()).Single().EndUserName);
        var agent = await Directory.Agent(queue);
        await Chat(chatId).Accept(agent);
        Assert.Equal("Pat Customer", (await Chat(chatId).GetSnapshot(agent)).EndUser.DisplayName);
    }

    [Theory]
    [InlineData("System")]
    [InlineData("[system] Your chat was closed")]
    [InlineData("SYSTEM: pay here")]
    [InlineData("Live-Chat")]
    [InlineData("LiveChat team")]
    [InlineData("Support")]
    [InlineData("The chat was assigned to Alice Archer")]
    [InlineData("Sys\u200Ftem")]
    public async Task Names_an_end_user_cannot_take_a_name_that_reads_like_the_system(string name)
    {
        var queue = await Directory.Queue();
        var chatId = TestDirectory.NewId("chat");
        await Refused(Rules.Names, RefusalKind.Invalid,
            () => Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo(TestDirectory.EndUserOf(chatId), name), "Hi")));
        // Nothing started: the same id can still start with a fair name.
        await Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo(TestDirectory.EndUserOf(chatId), "Pat"), "Hi"));
    }

    [Theory]
    [InlineData("Systemic Sam")]
    [InlineData("Supporter Pat")]
    [InlineData("Chattie")]
    public async Task Names_names_that_only_begin_like_a_reserved_word_are_fine(string name)
    {
        Assert.Equal(name, (await Start(await Directory.Queue(), name)).EndUser.DisplayName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u202E\u200E\u0001")]
    public async Task Names_an_end_user_name_needs_visible_characters_and_at_most_100(string name)
    {
        var queue = await Directory.Queue();
        var chatId = TestDirectory.NewId("chat");
        await Refused(Rules.Names, RefusalKind.Invalid,
            () => Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo("u", name), null)));
        await Refused(Rules.Names, RefusalKind.Invalid,
            () => Chat(chatId).Start(new StartChatRequest(queue, new EndUserInfo("u", new string('n', 101)), null)));
        // Characters that are stripped do not count toward the 100.
        Assert.Equal(100, (await Start(queue, new string('n', 100) + "\u202E\u202E")).EndUser.DisplayName.Length);
    }

    [Fact]
    public async Task Names_agents_names_are_cleaned_at_registration_and_never_the_systems()
    {
        var queue = await Directory.Queue();
        var id = TestDirectory.NewId("agent");
        var registration = new AgentRegistration(new AgentProfile("Ali\u202Ece", "Ar\u0000cher", $"{id}@example.com"),
            AgentRole.Agent, [Permissions.ChatAgent], [queue], []);
        var snapshot = await Agent(id).Register(registration);
        Assert.Equal("Alice Archer", snapshot.Registration.Profile.FullName);
        await Agent(id).SetPresence(Presence.Online);
        var chatId = await Directory.ActiveChat(queue, id);
        var joined = (await Chat(chatId).ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), 0, 10)).Entries.Last(e => e.Kind == EntryKind.Joined);
        Assert.Equal("Alice Archer accepted the chat.", joined.Text);

        var other = TestDirectory.NewId("agent");
        await Refused(Rules.Names, RefusalKind.Invalid, () => Agent(other).Register(registration with
        {
            Profile = new AgentProfile("System", "Notice", $"{other}@example.com"),
        }));
        await Refused(Rules.Names, RefusalKind.Invalid, () => Agent(other).Register(registration with
        {
            Profile = new AgentProfile("\u202E", "Archer", $"{other}@example.com"),
        }));
    }
}
