namespace LiveChat.Grains.Queue;

using LiveChat.Grains.Common;

// Reading a queue from a console. Its waiting list names customers and quotes their first
// messages, and its settings hold the team's canned text: only the queue's own agents and its
// supervisors may read them (QueueAccess). Other grains read the queue through GetInfo.
public sealed partial class SupportQueueGrain
{
    public async Task<QueueInfo> ReadInfo(string agentId)
    {
        await EnsureMayRead(agentId);
        return Info();
    }

    public async Task<IReadOnlyList<WaitingChat>> ReadWaitingChats(string agentId)
    {
        await EnsureMayRead(agentId);
        return await GetWaitingChats();
    }

    public async Task<WaitingChatsPage> ReadWaitingPage(string agentId, int skip, int take)
    {
        if (skip < 0) throw Refuse.Invalid(Rules.QueueAccess, "skip must be 0 or more.");
        if (take is < 1 or > WaitingChatsPage.MaxTake) throw Refuse.Invalid(Rules.QueueAccess, $"take must be from 1 to {WaitingChatsPage.MaxTake}.");
        await EnsureMayRead(agentId);
        var now = _clock.Now;
        var chats = _waiting.Page(skip, take).Select(w => new WaitingChat(w.ChatId, w.Since, now - w.Since, w.EndUserName, w.Preview, w.Offline)).ToList();
        return new WaitingChatsPage(_waiting.Count, skip, chats);
    }

    /// <summary>
    /// Asks the agent's own grain (the directory's source of truth, not this queue's soft cards).
    /// Refuses before saying whether the queue exists, so nobody learns other teams' queue ids.
    /// </summary>
    private async Task EnsureMayRead(string agentId)
    {
        Refuse.CheckId(Rules.QueueAccess, agentId, "Agent id");
        var agent = await GrainFactory.Agent(agentId).Peek();
        if (agent is null || !(agent.Registration.Queues.Contains(QueueId) || agent.IsSupervisorOf(QueueId)))
            throw Refuse.Forbidden(Rules.QueueAccess, $"Only the agents and supervisors of queue '{QueueId}' may read it.");
        if (State.Definition is null)
            throw Refuse.NotFound(Rules.Directory, $"There is no support queue '{QueueId}'.");
    }
}
