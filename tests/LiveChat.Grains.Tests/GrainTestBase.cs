namespace LiveChat.Grains.Tests;

/// <summary>What every grain test uses: the shared cluster, a directory to build people with, and a refusal check.</summary>
[Collection(LiveChatCollection.Name)]
public abstract class GrainTestBase(LiveChatCluster cluster)
{
    protected LiveChatCluster Cluster { get; } = cluster;
    protected IClusterClient Client => Cluster.Client;
    protected TestDirectory Directory { get; } = new(cluster.Client);

    protected IChatSessionGrain Chat(string id) => Client.Chat(id);
    protected IAgentGrain Agent(string id) => Client.Agent(id);
    protected ISupportQueueGrain Queue(string id) => Client.Queue(id);

    /// <summary>Asserts the call is refused by <paramref name="rule"/> with the given kind, and returns the refusal.</summary>
    protected static async Task<RuleViolationException> Refused(string rule, RefusalKind kind, Func<Task> call)
    {
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(call);
        Assert.Equal(rule, refusal.RuleId);
        Assert.Equal(kind, refusal.Kind);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Reason));
        return refusal;
    }

    /// <summary>Asserts the call failed on an injected storage fault (Orleans wraps a storage provider's exception; the injected one is inside).</summary>
    protected static async Task StorageFailed(Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(call);
        Assert.Contains("Injected fault", error.ToString());
    }

    /// <summary>A refused call changes nothing: the chat reads the same before and after.</summary>
    protected async Task RefusedAndUnchanged(string chatId, string viewerId, string rule, RefusalKind kind, Func<Task> call)
    {
        var before = await Chat(chatId).GetSnapshot(viewerId);
        await Refused(rule, kind, call);
        var after = await Chat(chatId).GetSnapshot(viewerId);
        Assert.Equivalent(before, after, strict: true);
    }

    /// <summary>
    /// Waits until the queue's figures match: chats report to their queue one-way, so a queue
    /// catches up a moment after the chat call returned.
    /// </summary>
    protected async Task<QueueFigures> FiguresWhen(string queueId, Func<QueueFigures, bool> match)
    {
        var dashboard = await Client.RecordQueue(queueId);
        var now = await Queue(queueId).GetFigures();
        return match(now) ? now : await dashboard.WaitFor(match);
    }

    /// <summary>An active chat with its assignee and one more online agent of the same queue, both holding ESChat_Agent.</summary>
    protected async Task<(string Queue, string Chat, string Assignee, string Colleague)> ChatWithColleague(bool systemNotifications = true)
    {
        var queue = await Directory.Queue(systemNotifications: systemNotifications);
        var assignee = await Directory.Agent(queue, "Alice", "Archer");
        var colleague = await Directory.Agent(queue, "Bob", "Baker");
        var chat = await Directory.ActiveChat(queue, assignee);
        return (queue, chat, assignee, colleague);
    }
}
