namespace LiveChat.Grains.Satisfaction;

using LiveChat.Grains.Common;

/// <summary>What a queue's satisfaction figures store: totals, per agent, and the chats counted last.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.SatisfactionStatsState")]
public sealed class SatisfactionStatsState
{
    [Id(0)] public int Ratings { get; set; }
    [Id(1)] public long Sum { get; set; }
    /// <summary>Per agent who worked a rated chat of this queue (bounded by the queue's agents over time).</summary>
    [Id(2)] public Dictionary<string, AgentSatisfaction> Agents { get; set; } = [];
    /// <summary>
    /// The chats counted most recently, oldest first, at most <see cref="SatisfactionStatsGrain.RememberedChats"/>:
    /// a chat repeats its report only right after a failure, so a short memory counts it once.
    /// </summary>
    [Id(3)] public List<string> RecentChats { get; set; } = [];
}

/// <summary>C5: a queue's ratings, counted as they arrive; the queue shows them on the dashboard.</summary>
public sealed class SatisfactionStatsGrain(
    [PersistentState("satisfaction", StorageNames.LiveChat)] IPersistentState<SatisfactionStatsState> stats,
    ILogger<SatisfactionStatsGrain> logger)
    : Grain, ISatisfactionStatsGrain
{
    public const int RememberedChats = 1000;

    private SatisfactionStatsState State => stats.State;

    public async Task Record(string chatId, string? agentId, string? agentName, int rating)
    {
        if (State.RecentChats.Contains(chatId)) return;
        if (rating is < SatisfactionLimits.MinRating or > SatisfactionLimits.MaxRating)
            throw Refuse.Invalid(Rules.C2, "The rating must be from 1 to 5.");
        State.Ratings++;
        State.Sum += rating;
        if (agentId is not null)
        {
            var before = State.Agents.GetValueOrDefault(agentId) ?? new AgentSatisfaction(agentId, agentName ?? agentId, 0, 0);
            State.Agents[agentId] = before with { Name = agentName ?? before.Name, Ratings = before.Ratings + 1, Sum = before.Sum + rating };
        }
        State.RecentChats.Add(chatId);
        if (State.RecentChats.Count > RememberedChats) State.RecentChats.RemoveAt(0);
        await stats.WriteStateAsync();
        // One-way: the queue never calls back here while it waits.
        try
        {
            await GrainFactory.Queue(this.GetPrimaryKeyString()).SatisfactionChanged(Figures());
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Satisfaction figures of queue {QueueId} could not reach the queue", this.GetPrimaryKeyString());
        }
    }

    public Task<SatisfactionFigures> GetFigures() => Task.FromResult(Figures());

    private SatisfactionFigures Figures() =>
        new(State.Ratings, State.Sum, State.Agents.Values.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AgentId, StringComparer.Ordinal).ToList());
}
