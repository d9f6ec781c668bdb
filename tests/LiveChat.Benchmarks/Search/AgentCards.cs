namespace LiveChat.Benchmarks.Search;

using LiveChat.Model;

/// <summary>
/// A queue's agent cards shaped like the load test's R12 scenario (same first names, "Surname{i}"),
/// so the micro-benchmark and the Performance table's search rows describe the same data.
/// </summary>
public static class AgentCards
{
    private static readonly string[] FirstNames = ["Ann", "Ben", "Cara", "Dmitri", "Eve", "Farid", "Gina", "Hugo", "Ines", "Jon", "Kemal", "Lena"];

    /// <summary>Keyed by agent id, as <c>QueueState.Agents</c> holds them: the grain searches its dictionary's values.</summary>
    public static Dictionary<string, AgentCard> Queue(int size)
    {
        var idle = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var cards = new Dictionary<string, AgentCard>(size);
        for (var i = 0; i < size; i++)
        {
            var id = $"agent-{i}";
            var first = FirstNames[i % FirstNames.Length];
            var last = $"Surname{i}";
            // Mostly online members with some load, so both the search and automatic assignment
            // have candidates to filter and order rather than an empty set.
            var presence = (i % 5) switch { 0 => Presence.Away, 1 => Presence.Offline, _ => Presence.Online };
            cards[id] = new AgentCard(
                AgentId: id,
                Profile: new AgentProfile(first, last, $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@example.com"),
                Role: AgentRole.Agent,
                CanChat: true,
                Presence: presence,
                Load: i % 4,
                Capacity: 3,
                IdleSince: idle.AddSeconds(i * 7 % 3600),
                IsMember: true,
                IsSupervisor: false,
                Version: 1);
        }
        return cards;
    }

    /// <summary>What the chat excludes from a search: its members and pending invitees (a handful).</summary>
    public static HashSet<string> Excluded(int size) => [.. Enumerable.Range(0, Math.Min(4, size)).Select(i => $"agent-{i * 3 + 2}")];
}
