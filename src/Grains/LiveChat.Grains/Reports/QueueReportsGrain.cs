namespace LiveChat.Grains.Reports;

using LiveChat.Grains.Common;

/// <summary>
/// RP2, RP3: a queue's report for one of its supervisors or an admin: the range's daily figures read
/// at once and added up. Holds nothing; the days hold the figures.
/// </summary>
[StatelessWorker]
public sealed class QueueReportsGrain(LiveChatClock clock) : Grain, IQueueReportsGrain
{
    public async Task<QueueReport> GetReport(string callerId, string range)
    {
        var queueId = this.GetPrimaryKeyString();
        Refuse.CheckId(Rules.RP2, callerId, "Caller id");
        // RP3 first: a bad request is refused the same for everyone.
        Refuse.CheckId(Rules.RP3, queueId, "Queue id");
        if (range is null || !ReportLimits.Ranges.TryGetValue(range, out var days))
            throw Refuse.Invalid(Rules.RP3, $"The range must be one of {string.Join(", ", ReportLimits.Ranges.Keys)}.");
        // RP2: the queue's supervisors and enabled admins.
        var caller = await GrainFactory.Agent(callerId).Peek();
        var admin = caller is { Registration: { Role: AgentRole.Admin, Disabled: false } };
        if (caller is null || caller.Registration.Disabled || !(admin || caller.IsSupervisorOf(queueId)))
            throw Refuse.Forbidden(Rules.RP2, $"Only the supervisors of queue '{queueId}' and admins read its reports.");
        if (admin && await GrainFactory.Queue(queueId).GetInfo() is null)
            throw Refuse.NotFound(Rules.RP2, $"There is no support queue '{queueId}'.");

        var to = DateOnly.FromDateTime(clock.Now.UtcDateTime);
        var from = to.AddDays(1 - days);
        var dates = Enumerable.Range(0, days).Select(i => from.AddDays(i)).ToList();
        var read = await Task.WhenAll(dates.Select(d => GrainFactory.QueueReportDay(IQueueReportDayGrain.KeyOf(queueId, d)).GetDay()));

        var total = new ReportTally();
        var agents = new Dictionary<string, ReportTally>(StringComparer.Ordinal);
        foreach (var day in read)
        {
            total.Add(day.Queue);
            foreach (var (agentId, tally) in day.Agents)
            {
                if (!agents.TryGetValue(agentId, out var sum)) agents[agentId] = sum = new ReportTally();
                sum.Add(tally);
            }
        }
        return new QueueReport(queueId, range, from, to, total.Figures(),
            agents.Select(a => new AgentReport(a.Key, a.Value.Name ?? a.Key, a.Value.Figures()))
                .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AgentId, StringComparer.Ordinal).ToList(),
            dates.Zip(read, (date, day) => new DayReport(date, day.Queue.Figures())).ToList());
    }
}
