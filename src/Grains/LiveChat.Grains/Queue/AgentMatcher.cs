namespace LiveChat.Grains.Queue;

/// <summary>The two ways a queue picks agents: the invite search (R12) and automatic assignment (S3).</summary>
public static class AgentMatcher
{
    /// <summary>R12: an online agent of the queue holding ESChat_Agent who is not in the chat.</summary>
    public static bool IsInvitable(AgentCard card, ISet<string> excluded) =>
        card.IsMember && card.CanChat && card.Presence == Presence.Online && !excluded.Contains(card.AgentId);

    /// <summary>R12: case-insensitive, partial match on first name, last name, full name or email; an empty query matches all.</summary>
    public static bool NameOrEmailContains(AgentProfile profile, string trimmedQuery) =>
        trimmedQuery.Length == 0
        || profile.FirstName.Contains(trimmedQuery, StringComparison.OrdinalIgnoreCase)
        || profile.LastName.Contains(trimmedQuery, StringComparison.OrdinalIgnoreCase)
        || profile.Email.Contains(trimmedQuery, StringComparison.OrdinalIgnoreCase)
        // A match in "First Last" that is in neither name alone spans the space between them, so
        // only a query with a space needs the full name (built per call, hence checked last).
        || (trimmedQuery.Contains(' ') && profile.FullName.Contains(trimmedQuery, StringComparison.OrdinalIgnoreCase));

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
