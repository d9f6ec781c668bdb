namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Queue;

/// <summary>
/// R12's search index against the rule written out plainly (filter every card, sort by last name,
/// first name): the same hits in the same order after any sequence of card changes.
/// </summary>
public sealed class AgentSearchIndexTests
{
    private static readonly string[] FirstNames = ["Ann", "ann", "Anna", "Ben", "Cara", "Dana Lee", "Émile"];
    private static readonly string[] LastNames = ["Smith", "smith", "Smithers", "Olsen", "Ng", "van Dam"];
    private static readonly string[] Queries = ["", "an", "ANN", "smith", "mit", "n s", "na l", "dana lee ng", "@example", "zzz", " ann "];

    [Fact]
    public void R12_index_search_matches_filter_then_sort_after_random_card_changes()
    {
        var random = new Random(12);
        var cards = new Dictionary<string, AgentCard>();
        var index = new AgentSearchIndex();
        for (var step = 0; step < 3_000; step++)
        {
            var agentId = $"agent-{random.Next(300)}";
            cards.TryGetValue(agentId, out var previous);
            var current = random.Next(8) == 0 ? null : RandomCard(random, agentId, step);
            if (current is null) cards.Remove(agentId);
            else cards[agentId] = current;
            index.Replace(previous, current);

            if (step % 100 == 0)
            {
                var excluded = cards.Keys.Where(_ => random.Next(10) == 0).ToHashSet();
                foreach (var query in Queries)
                    Assert.Equal(Plain(cards.Values, query, excluded), index.Search(query, excluded).Select(c => c.AgentId).ToList());
            }
        }
        Assert.Equal(cards.Count, index.Count);

        var rebuilt = new AgentSearchIndex();
        rebuilt.Rebuild(cards.Values);
        foreach (var query in Queries)
            Assert.Equal(index.Search(query, new HashSet<string>()).Select(c => c.AgentId), rebuilt.Search(query, new HashSet<string>()).Select(c => c.AgentId));
    }

    /// <summary>R12 as docs/rules.md states it, with no index: every card checked, every match sorted.</summary>
    private static List<string> Plain(IEnumerable<AgentCard> cards, string query, ISet<string> excluded)
    {
        var q = query.Trim();
        return cards
            .Where(c => c.IsMember && c.CanChat && c.Presence == Presence.Online && !excluded.Contains(c.AgentId))
            .Where(c => q.Length == 0
                || c.Profile.FirstName.Contains(q, StringComparison.OrdinalIgnoreCase)
                || c.Profile.LastName.Contains(q, StringComparison.OrdinalIgnoreCase)
                || $"{c.Profile.FirstName} {c.Profile.LastName}".Contains(q, StringComparison.OrdinalIgnoreCase)
                || c.Profile.Email.Contains(q, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Profile.LastName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Profile.FirstName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.AgentId, StringComparer.Ordinal)
            .Select(c => c.AgentId)
            .ToList();
    }

    private static AgentCard RandomCard(Random random, string agentId, long version)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        return new AgentCard(
            agentId,
            new AgentProfile(first, last, $"{agentId}@example.com"),
            AgentRole.Agent,
            CanChat: random.Next(6) != 0,
            Presence: random.Next(3) == 0 ? Presence.Offline : Presence.Online,
            Load: 0,
            Capacity: 3,
            IdleSince: DateTimeOffset.UnixEpoch,
            IsMember: random.Next(8) != 0,
            IsSupervisor: false,
            Version: version);
    }
}
