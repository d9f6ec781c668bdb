namespace LiveChat.Grains.Queue;

// SLA9: the dashboard flags the queue's chats that are due soon or past a response-time limit. Each
// chat is the source of truth for its own clock and tells its queue (one-way) when its state changes;
// the queue keeps the flags in memory only, for chats it lists. A restarted queue learns them again
// from the chats' reminders, which re-tell a flag every reminder period until an agent answers.
public sealed partial class SupportQueueGrain
{
    private readonly Dictionary<string, ChatSla> _sla = [];

    public Task ChatSlaChanged(ChatSla sla)
    {
        var listed = sla.QueueId == QueueId && (_waiting.Contains(sla.ChatId) || _active.Contains(sla.ChatId));
        if (sla.Status == SlaStatus.Ok || !listed)
        {
            if (_sla.Remove(sla.ChatId)) PublishFigures();
            return Task.CompletedTask;
        }
        if (_sla.TryGetValue(sla.ChatId, out var known) && known == sla) return Task.CompletedTask;
        _sla[sla.ChatId] = sla;
        PublishFigures();
        return Task.CompletedTask;
    }

    /// <summary>The flagged chats still listed here, most overdue first, at most <see cref="SlaLimits.MaxFlagged"/>.</summary>
    private List<ChatSla> FlaggedChats() => _sla.Values
        .Where(s => _waiting.Contains(s.ChatId) || _active.Contains(s.ChatId))
        .OrderBy(s => s.DueAt)
        .ThenBy(s => s.ChatId, StringComparer.Ordinal)
        .Take(SlaLimits.MaxFlagged)
        .ToList();
}
