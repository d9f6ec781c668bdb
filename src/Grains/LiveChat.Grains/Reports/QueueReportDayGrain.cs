namespace LiveChat.Grains.Reports;

using LiveChat.Grains.Common;

/// <summary>
/// RP1, RP5: one queue's figures of one UTC day. Adds the facts its chats send; its state is a
/// fixed-size tally for the queue and one per agent (at most <see cref="ReportLimits.MaxAgentsPerDay"/>).
/// A grain handles one call at a time, so one state write is in flight.
/// </summary>
public sealed class QueueReportDayGrain(
    [PersistentState("reportDay", StorageNames.LiveChat)] IPersistentState<ReportDay> day,
    ILogger<QueueReportDayGrain> logger)
    : Grain, IQueueReportDayGrain
{
    public async Task Record(IReadOnlyList<ReportFact> facts)
    {
        foreach (var fact in facts)
        {
            day.State.Queue.Count(fact);
            if (fact.AgentId is not { } agentId) continue;
            if (!day.State.Agents.TryGetValue(agentId, out var agent))
            {
                // RP5: past the cap the fact counts in the queue's totals only.
                if (day.State.Agents.Count >= ReportLimits.MaxAgentsPerDay) continue;
                day.State.Agents[agentId] = agent = new ReportTally();
            }
            agent.Count(fact);
        }
        try
        {
            await day.WriteStateAsync();
        }
        catch (Exception error)
        {
            // One-way: nobody waits for this. The figures stay counted in memory and go with the next write.
            logger.LogWarning(error, "Report day {Key} could not store {Count} facts", this.GetPrimaryKeyString(), facts.Count);
        }
    }

    public Task<ReportDay> GetDay() => Task.FromResult(day.State);
}
