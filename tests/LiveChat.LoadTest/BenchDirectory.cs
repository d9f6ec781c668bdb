namespace LiveChat.LoadTest;

/// <summary>Queues, agents and chats for the benchmarks, created through the grains like any console would.</summary>
public sealed class BenchDirectory(IGrainFactory grains)
{
    public async Task<string> Queue(string id)
    {
        await grains.Queue(id).Configure(new QueueDefinition(id, AutomaticAssignment: false, SystemNotifications: true,
            [new CannedResponse("hello", "Hello", "Hello!")], [new KnowledgeArticle("kb", "Article", "https://example.com/kb")]));
        return id;
    }

    public async Task<string> Agent(string id, string queue, string first = "Bench", string last = "Agent")
    {
        var agent = grains.Agent(id);
        await agent.Register(new AgentRegistration(new AgentProfile(first, last, $"{id}@example.com"), AgentRole.Agent,
            [Permissions.ChatAgent], [queue], []));
        await agent.SetPresence(Presence.Online);
        return id;
    }

    public static string EndUserOf(string chatId) => "u-" + chatId;

    /// <summary>An active chat owned by <paramref name="owner"/>, optionally with a participant and a monitor joined by invite.</summary>
    public async Task<string> ActiveChat(string chatId, string queue, string owner, string? participant = null, string? monitor = null)
    {
        var chat = grains.Chat(chatId);
        await chat.Start(new StartChatRequest(queue, new EndUserInfo(EndUserOf(chatId), "Load"), "hello"));
        await chat.Accept(owner);
        foreach (var (agent, mode, answer) in new[] { (participant, JoinMode.Participant, InviteAnswer.Participate), (monitor, JoinMode.Monitor, InviteAnswer.Monitor) })
        {
            if (agent is null) continue;
            var invite = await chat.Invite(owner, agent, mode);
            await chat.RespondToInvite(agent, invite.InviteId, answer);
        }
        return chatId;
    }

    /// <summary>Runs <paramref name="create"/> for 0..count-1 with bounded parallelism.</summary>
    public static async Task<List<T>> Many<T>(int count, Func<int, Task<T>> create, int parallelism = 32)
    {
        var results = new T[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) => results[i] = await create(i));
        return [.. results];
    }
}
