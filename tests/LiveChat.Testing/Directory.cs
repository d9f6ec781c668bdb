namespace LiveChat.Testing;

using LiveChat.Hosting;

/// <summary>
/// Builds the people and queues a test needs, each with fresh ids so tests sharing one cluster
/// never see each other's chats, loads or invites.
/// </summary>
public sealed class TestDirectory(IGrainFactory grains)
{
    private static int _counter;

    public static string NewId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<string> Queue(bool automaticAssignment = false, bool systemNotifications = true, string? name = null)
    {
        var id = NewId("queue");
        await grains.Queue(id).Configure(new QueueDefinition(name ?? id, automaticAssignment, systemNotifications,
            [new CannedResponse("greeting", "Greeting", "Hello, how can I help?")],
            [new KnowledgeArticle("kb-1", "Resetting your password", "https://example.com/kb/1"),
             new KnowledgeArticle("kb-2", "Clearing the cache", "https://example.com/kb/2")]));
        return id;
    }

    /// <summary>An agent of the given queues, online unless told otherwise, holding ESChat_Agent unless told otherwise.</summary>
    public async Task<string> Agent(string queueId, string? firstName = null, string? lastName = null, bool canChat = true,
        Presence presence = Presence.Online, int capacity = 3, params string[] moreQueues)
    {
        var id = NewId("agent");
        var grain = grains.Agent(id);
        await grain.Register(new AgentRegistration(
            new AgentProfile(firstName ?? "First" + id, lastName ?? "Last" + id, $"{id}@example.com"),
            AgentRole.Agent, canChat ? [Permissions.ChatAgent] : [], [queueId, .. moreQueues], []));
        await grain.UpdateSettings(AgentSettings.Default with { Capacity = capacity });
        if (presence != Presence.Offline) await grain.SetPresence(presence);
        return id;
    }

    /// <summary>
    /// Waits (at most 10 s) until the queue's invitee search lists the agent. Agents tell their queues
    /// of every change one-way (<c>AgentChanged</c>), so a search made right after an agent came online
    /// can reach the queue before the agent's card does; a test that searches waits here first.
    /// </summary>
    public Task UntilSearchable(string queueId, string agentId) =>
        Until(async queue => (await queue.SearchAgents(agentId, [], 5)).Any(h => h.AgentId == agentId), queueId);

    /// <summary>Waits (at most 10 s) until the queue has the agent's card, whatever it says (offline, no permission).</summary>
    public Task UntilQueueKnows(string queueId, string agentId) =>
        Until(async queue => (await queue.GetInfo())?.Members.Contains(agentId) == true, queueId);

    private async Task Until(Func<ISupportQueueGrain, Task<bool>> condition, string queueId)
    {
        var queue = grains.Queue(queueId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition(queue)) await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
    }

    public async Task<string> Supervisor(params string[] supervisedQueues)
    {
        var id = NewId("supervisor");
        var grain = grains.Agent(id);
        await grain.Register(new AgentRegistration(new AgentProfile("Super", "Visor" + id, $"{id}@example.com"),
            AgentRole.Supervisor, [Permissions.ChatAgent], [], supervisedQueues));
        await grain.SetPresence(Presence.Online);
        return id;
    }

    /// <summary>An enabled agent with the Admin role: may administer the directory (IDirectoryGrain).</summary>
    public async Task<string> Admin()
    {
        var id = NewId("admin");
        await grains.Agent(id).Register(new AgentRegistration(
            new AgentProfile("Ada", "Admin" + id, $"{id}@example.com"), AgentRole.Admin, [], [], []));
        return id;
    }

    /// <summary>A chat the end user started in the queue and the agent accepted: Active, ready for invites.</summary>
    public async Task<string> ActiveChat(string queueId, string assigneeId, string? firstMessage = "Hello, I need help")
    {
        var chatId = NewId("chat");
        var chat = grains.Chat(chatId);
        await chat.Start(new StartChatRequest(queueId, new EndUserInfo(EndUserOf(chatId), "Pat Customer"), firstMessage));
        await chat.Accept(assigneeId);
        return chatId;
    }

    public async Task<string> WaitingChat(string queueId)
    {
        var chatId = NewId("chat");
        await grains.Chat(chatId)
            .Start(new StartChatRequest(queueId, new EndUserInfo(EndUserOf(chatId), "Pat Customer"), "Hi"));
        return chatId;
    }

    /// <summary>The end user id <see cref="ActiveChat"/> and <see cref="WaitingChat"/> use for a chat.</summary>
    public static string EndUserOf(string chatId) => $"enduser-of-{chatId}";

    /// <summary>Loads the shipped demo directory into the cluster.</summary>
    public Task SeedDemo() => DemoDirectory.LoadDefault().SeedAsync(grains);
}
