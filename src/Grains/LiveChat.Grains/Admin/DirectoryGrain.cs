namespace LiveChat.Grains.Admin;

using LiveChat.Grains.Common;

/// <summary>
/// Directory administration: every change an admin (or an operator's import) makes to an agent
/// or a queue goes through here, is validated in full, written to the audit trail and applied to
/// the agent or queue grain, which stays the source of truth for its own data.
/// </summary>
/// <remarks>
/// Order of every change, always the same: (1) check the caller and the input, read "before";
/// (2) append the audit entry as Pending and store it; (3) apply it to the agent or queue grain;
/// (4) mark the entry Applied (or Failed, with the reason, when the grain refused) and store it.
/// If (2) fails nothing was changed and the caller gets the error. If the grain stops between (3)
/// and (4), the Pending entry is settled before its next change: Applied when the target now
/// holds "after", Failed otherwise. So nothing is changed without an audit record.
/// </remarks>
public sealed partial class DirectoryGrain(
    [PersistentState("directory", StorageNames.LiveChat)] IPersistentState<DirectoryState> directory,
    LiveChatClock clock,
    ILogger<DirectoryGrain> logger)
    : Grain, IDirectoryGrain
{
    private DirectoryState State => directory.State;

    // Reading ----------------------------------------------------------------------------------

    public async Task<DirectoryAgentPage> ListAgents(string adminId, int offset, int max)
    {
        await RequireAdmin(adminId);
        var ids = Page(State.AgentIds, offset, max);
        var agents = await Task.WhenAll(ids.Select(id => GrainFactory.Agent(id).Peek()));
        return new DirectoryAgentPage(agents.OfType<AgentSnapshot>().Select(DirectoryAgent.Of).ToList(), State.AgentIds.Count);
    }

    public async Task<DirectoryQueuePage> ListQueues(string adminId, int offset, int max)
    {
        await RequireAdmin(adminId);
        var ids = Page(State.QueueIds, offset, max);
        var queues = await Task.WhenAll(ids.Select(id => GrainFactory.Queue(id).GetInfo()));
        return new DirectoryQueuePage(queues.OfType<QueueInfo>().Select(DirectoryQueue.Of).ToList(), State.QueueIds.Count);
    }

    public async Task<DirectoryAgent> GetAgent(string adminId, string agentId)
    {
        await RequireAdmin(adminId);
        return await CurrentAgent(Refuse.CheckId(Rules.Directory, agentId, "Agent id")) ?? throw Refuse.NotFound(Rules.Directory, $"There is no agent '{agentId}'.");
    }

    public async Task<DirectoryQueue> GetQueue(string adminId, string queueId)
    {
        await RequireAdmin(adminId);
        return await CurrentQueue(Refuse.CheckId(Rules.Directory, queueId, "Queue id")) ?? throw Refuse.NotFound(Rules.Directory, $"There is no support queue '{queueId}'.");
    }

    private static List<string> Page(List<string> ids, int offset, int max) =>
        ids.Skip(Math.Max(0, offset)).Take(Math.Clamp(max, 1, IDirectoryGrain.MaxPage)).ToList();

    // Changes by an admin ------------------------------------------------------------------------

    public async Task<DirectoryAgent> CreateAgent(string adminId, DirectoryAgent agent)
    {
        await RequireAdmin(adminId);
        var after = Normalize(agent);
        await ValidateAgent(after, alsoKnownQueues: new HashSet<string>());
        if (await CurrentAgent(after.Id) is not null) throw Refuse.Conflict(Rules.Directory, $"There is already an agent '{after.Id}'.");
        return await ApplyAgent(adminId, DirectoryActions.CreateAgent, null, after with { Capacity = after.Capacity ?? AgentSettings.Default.Capacity });
    }

    public async Task<DirectoryAgent> UpdateAgent(string adminId, DirectoryAgent agent)
    {
        await RequireAdmin(adminId);
        var after = Normalize(agent);
        await ValidateAgent(after, alsoKnownQueues: new HashSet<string>());
        var before = await CurrentAgent(after.Id) ?? throw Refuse.NotFound(Rules.Directory, $"There is no agent '{after.Id}'.");
        after = after with { Capacity = after.Capacity ?? before.Capacity };
        EnsureNotLockingOut(adminId, after);
        if (after.SameAs(before)) return before;
        return await ApplyAgent(adminId, DirectoryActions.UpdateAgent, before, after);
    }

    public async Task<DirectoryAgent> SetAgentDisabled(string adminId, string agentId, bool disabled)
    {
        await RequireAdmin(adminId);
        var before = await CurrentAgent(Refuse.CheckId(Rules.Directory, agentId, "Agent id")) ?? throw Refuse.NotFound(Rules.Directory, $"There is no agent '{agentId}'.");
        var after = before with { Disabled = disabled };
        EnsureNotLockingOut(adminId, after);
        if (after.SameAs(before)) return before;
        return await ApplyAgent(adminId, disabled ? DirectoryActions.DisableAgent : DirectoryActions.EnableAgent, before, after);
    }

    public async Task<DirectoryQueue> CreateQueue(string adminId, DirectoryQueue queue)
    {
        await RequireAdmin(adminId);
        var after = ValidateQueue(queue);
        if (await CurrentQueue(after.Id) is not null) throw Refuse.Conflict(Rules.Directory, $"There is already a support queue '{after.Id}'.");
        return await ApplyQueue(adminId, DirectoryActions.CreateQueue, null, after);
    }

    public async Task<DirectoryQueue> UpdateQueue(string adminId, DirectoryQueue queue)
    {
        await RequireAdmin(adminId);
        var after = ValidateQueue(queue);
        var before = await CurrentQueue(after.Id) ?? throw Refuse.NotFound(Rules.Directory, $"There is no support queue '{after.Id}'.");
        if (after.SameAs(before)) return before;
        return await ApplyQueue(adminId, DirectoryActions.UpdateQueue, before, after);
    }

    // Operations -------------------------------------------------------------------------------

    public async Task<DirectoryContent> Export()
    {
        var queues = await Task.WhenAll(State.QueueIds.Select(CurrentQueue));
        var agents = await Task.WhenAll(State.AgentIds.Select(CurrentAgent));
        return new DirectoryContent(queues.OfType<DirectoryQueue>().ToList(), agents.OfType<DirectoryAgent>().ToList());
    }

    public async Task<ImportResult> Import(string operatorName, DirectoryContent content, bool onlyMissing)
    {
        Refuse.CheckId(Rules.Directory, operatorName, "Operator name");
        if (content?.Queues is null || content.Agents is null) throw Refuse.Invalid(Rules.Directory, "A directory has a list of queues and a list of agents.");
        // Everything is checked before the first change, so a bad file changes nothing.
        var queues = content.Queues.Select(ValidateQueue).ToList();
        var agents = content.Agents.Select(a => Normalize(a ?? throw Refuse.Invalid(Rules.Directory, "An agent entry must not be empty."))).ToList();
        if (queues.Select(q => q.Id).Distinct().Count() != queues.Count || agents.Select(a => a.Id).Distinct().Count() != agents.Count)
            throw Refuse.Invalid(Rules.Directory, "Queue and agent ids must be unique within the file.");
        var fileQueues = queues.Select(q => q.Id).ToHashSet();
        foreach (var agent in agents) await ValidateAgent(agent, fileQueues);

        int created = 0, updated = 0, unchanged = 0;
        foreach (var queue in queues)
        {
            var before = await CurrentQueue(queue.Id);
            if (before is null) { await ApplyQueue(operatorName, DirectoryActions.CreateQueue, null, queue); created++; }
            else if (onlyMissing || queue.SameAs(before)) { await List(State.QueueIds, queue.Id); unchanged++; }
            else { await ApplyQueue(operatorName, DirectoryActions.UpdateQueue, before, queue); updated++; }
        }
        foreach (var agent in agents)
        {
            var before = await CurrentAgent(agent.Id);
            if (before is null)
            {
                await ApplyAgent(operatorName, DirectoryActions.CreateAgent, null, agent with { Capacity = agent.Capacity ?? AgentSettings.Default.Capacity });
                created++;
                continue;
            }
            var after = agent with { Capacity = agent.Capacity ?? before.Capacity };
            if (onlyMissing || after.SameAs(before)) { await List(State.AgentIds, agent.Id); unchanged++; }
            else { await ApplyAgent(operatorName, DirectoryActions.UpdateAgent, before, after); updated++; }
        }
        return new ImportResult(created, updated, unchanged);
    }

    // Applying ---------------------------------------------------------------------------------

    private async Task<DirectoryAgent> ApplyAgent(string actorId, string action, DirectoryAgent? before, DirectoryAgent after)
    {
        var snapshot = await Audited(actorId, $"agent:{after.Id}", action, before, after, null, null,
            () => GrainFactory.Agent(after.Id).Administer(after.ToRegistration(), after.Capacity));
        await List(State.AgentIds, after.Id);
        return DirectoryAgent.Of(snapshot);
    }

    private async Task<DirectoryQueue> ApplyQueue(string actorId, string action, DirectoryQueue? before, DirectoryQueue after)
    {
        var info = await Audited(actorId, $"queue:{after.Id}", action, null, null, before, after,
            () => GrainFactory.Queue(after.Id).Configure(after.ToDefinition()));
        await List(State.QueueIds, after.Id);
        return DirectoryQueue.Of(info);
    }

    /// <summary>Adds an id to a sorted list of the directory (stored when it is new).</summary>
    private async Task List(List<string> ids, string id)
    {
        var index = ids.BinarySearch(id, StringComparer.Ordinal);
        if (index >= 0) return;
        ids.Insert(~index, id);
        await directory.WriteStateAsync();
    }

    // Checks -----------------------------------------------------------------------------------

    private Task RequireAdmin(string adminId) => AdminRole.Require(GrainFactory, adminId, "administers the directory");

    /// <summary>An admin cannot disable or demote itself: someone must always be left to administer.</summary>
    private static void EnsureNotLockingOut(string adminId, DirectoryAgent after)
    {
        if (after.Id == adminId && (after.Disabled || after.Role != AgentRole.Admin))
            throw Refuse.Conflict(Rules.Admin, "You cannot disable yourself or take away your own Admin role.");
    }

    private static DirectoryAgent Normalize(DirectoryAgent agent)
    {
        if (agent is null) throw Refuse.Invalid(Rules.Directory, "Send the agent's directory data.");
        Refuse.CheckId(Rules.Directory, agent.Id, "Agent id");
        if (agent.Permissions is null || agent.Queues is null || agent.Supervises is null)
            throw Refuse.Invalid(Rules.Directory, "Permissions, queues and supervised queues must be lists (they may be empty).");
        return agent with
        {
            Permissions = agent.Permissions.Distinct().ToList(),
            Queues = agent.Queues.Distinct().ToList(),
            Supervises = agent.Supervises.Distinct().ToList(),
        };
    }

    private async Task ValidateAgent(DirectoryAgent agent, IReadOnlySet<string> alsoKnownQueues)
    {
        DirectoryRules.Validate(agent.ToRegistration());
        DirectoryRules.ValidateCapacity(agent.Capacity);
        foreach (var queueId in agent.Queues.Concat(agent.Supervises).Distinct())
        {
            if (!alsoKnownQueues.Contains(queueId) && await GrainFactory.Queue(queueId).GetInfo() is null)
                throw Refuse.Invalid(Rules.Directory, $"Agent '{agent.Id}' names the queue '{queueId}', which does not exist.");
        }
    }

    private static DirectoryQueue ValidateQueue(DirectoryQueue queue)
    {
        if (queue is null) throw Refuse.Invalid(Rules.Directory, "Send the queue's directory data.");
        Refuse.CheckId(Rules.Directory, queue.Id, "Queue id");
        DirectoryRules.Validate(queue.ToDefinition());
        return queue;
    }

    private async Task<DirectoryAgent?> CurrentAgent(string agentId) =>
        await GrainFactory.Agent(agentId).Peek() is { } snapshot ? DirectoryAgent.Of(snapshot) : null;

    private async Task<DirectoryQueue?> CurrentQueue(string queueId) =>
        await GrainFactory.Queue(queueId).GetInfo() is { } info ? DirectoryQueue.Of(info) : null;

}
