namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// One queue's report figures of one UTC day (key: <see cref="IQueueReportDayGrain.KeyOf"/>), counted as
/// its chats tell it (RP1): totals and per agent. Chats send each fact once, one-way, after the commit
/// that stored it (RP4), so counting never slows or fails a chat.
/// </summary>
[Alias("Reports.IQueueReportDayGrain")]
public interface IQueueReportDayGrain : IGrainWithStringKey
{
    /// <summary>"queueId|yyyy-MM-dd": the date last, so any queue id fits before it.</summary>
    static string KeyOf(string queueId, DateOnly date) => $"{queueId}|{date:yyyy-MM-dd}";

    [OneWay, Alias("Record")] Task Record(IReadOnlyList<ReportFact> facts);
    [AlwaysInterleave, Alias("GetDay")] Task<ReportDay> GetDay();
}

/// <summary>A queue's day as stored: its totals and its agents' figures.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("Reports.ReportDay")]
public sealed class ReportDay
{
    [Id(0)] public ReportTally Queue { get; set; } = new();
    /// <summary>Per agent id, at most <see cref="ReportLimits.MaxAgentsPerDay"/>.</summary>
    [Id(1)] public Dictionary<string, ReportTally> Agents { get; set; } = [];
}

/// <summary>A queue's reports for its supervisors and admins (key: queue id): 1, 7 or 30 days read and added up (RP2, RP3).</summary>
[Alias("Reports.IQueueReportsGrain")]
public interface IQueueReportsGrain : IGrainWithStringKey
{
    [Alias("GetReport")] Task<QueueReport> GetReport(string callerId, string range);
}
