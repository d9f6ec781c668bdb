namespace LiveChat.Grains.Queue;

/// <summary>The two ways a queue picks agents: the invite search (R12) and automatic assignment (S3).</summary>
public static class AgentMatcher
{
    /// <summary>
    /// R12: case-insensitive, partial match on first name, last name, full name or email, among
    /// online agents of the queue holding ESChat_Agent who are not in the chat.
    /// </summary>
    public static IEnumerable<AgentCard> Search(IEnumerable<AgentCard> cards, string query, ISet<string> excluded)
    {
        var q = query.Trim();
        return cards
            .Where(c => c.IsMember && c.CanChat && c.Presence == Presence.Online && !excluded.Contains(c.AgentId))
            .Where(c => q.Length == 0
                || c.Profile.FirstName.Contains(q, StringComparison.OrdinalIgnoreCase)
                || c.Profile.LastName.Contains(q, StringComparison.OrdinalIgnoreCase)
                || c.Profile.FullName.Contains(q, StringComparison.OrdinalIgnoreCase)
                || c.Profile.Email.Contains(q, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Profile.LastName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Profile.FirstName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Automatic assignment: the least loaded online member under its capacity; ties go to the
    /// longest idle. Load counts assigned chats only, never chats joined by invite (S3).
    /// </summary>
    public static AgentCard? NextAssignee(IEnumerable<AgentCard> cards, ISet<string> skipped) =>
        cards
            .Where(c => c.IsMember && c.Presence == Presence.Online && c.Load < c.Capacity && !skipped.Contains(c.AgentId))
            .OrderBy(c => c.Load)
            .ThenBy(c => c.IdleSince)
            .ThenBy(c => c.AgentId, StringComparer.Ordinal)
            .FirstOrDefault();
}
