namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// A queue's satisfaction figures (key: queue id), counted as ratings arrive (C5). Chats report
/// each rating once they stored it; a chat reporting again (a retry after a failure) is counted once.
/// The queue shows the figures on the dashboard: this grain tells it one-way after each change.
/// </summary>
[Alias("LiveChat.ISatisfactionStatsGrain")]
public interface ISatisfactionStatsGrain : IGrainWithStringKey
{
    /// <summary>Counts one chat's rating for the queue and for the agent who worked it (none: the queue only).</summary>
    [Alias("Record")] Task Record(string chatId, string? agentId, string? agentName, int rating);
    [AlwaysInterleave, Alias("GetFigures")] Task<SatisfactionFigures> GetFigures();
}
