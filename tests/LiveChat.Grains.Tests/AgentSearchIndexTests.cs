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
    private static readonly string[] Queries =
        ["", "a", "an", "ANN", "smith", "mit", "n s", "na l", "dana lee ng", "@example", "zzz", " ann ", "zq", "1", "t-1", "AGENT-12", "émile", "ÉMI", "mile", "q"];

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

    [Fact]
    public void R12_index_search_matches_filter_then_sort_with_many_agents_renamed_and_removed()
    {
        // Enough agents that pieces are shared by many cards, and enough renames and removals that
        // the index renumbers several times between checks.
        var random = new Random(1212);
        var cards = new Dictionary<string, AgentCard>();
        var index = new AgentSearchIndex();
        for (var i = 0; i < 2_000; i++)
        {
            var card = RandomCard(random, $"agent-{i}", 0);
            cards[card.AgentId] = card;
        }
        index.Rebuild(cards.Values);
        Renumbering? renumbering = null;
        var renumbered = 0;
        for (var step = 1; step <= 20_000; step++)
        {
            var agentId = $"agent-{random.Next(2_200)}";
            cards.TryGetValue(agentId, out var previous);
            AgentCard? current = random.Next(10) switch
            {
                0 => null,
                // Mostly presence changes (same name, same number), as the steady traffic is.
                < 8 when previous is not null => previous with { Presence = previous.Presence == Presence.Online ? Presence.Away : Presence.Online, Version = step },
                _ => RandomCard(random, agentId, step),
            };
            if (current is null) cards.Remove(agentId);
            else cards[agentId] = current;
            index.Replace(previous, current);
            // As the queue does: renumber when due, the build finishing some changes later.
            if (index.ShouldRenumber) renumbering = index.StartRenumbering();
            if (renumbering is not null && step % 37 == 0)
            {
                renumbering.Build();
                index.Adopt(renumbering);
                renumbering = null;
                renumbered++;
            }

            if (step % 500 == 0)
            {
                var excluded = cards.Keys.Where(_ => random.Next(20) == 0).ToHashSet();
                foreach (var query in Queries)
                    Assert.Equal(Plain(cards.Values, query, excluded), index.Search(query, excluded).Select(c => c.AgentId).ToList());
            }
        }
        Assert.Equal(cards.Count, index.Count);
        Assert.True(renumbered > 5, $"renumbered {renumbered} times");
    }

    [Fact]
    public void R12_index_adopting_a_renumbering_keeps_every_change_made_while_it_was_built()
    {
        var index = new AgentSearchIndex();
        var cards = Enumerable.Range(0, 200).Select(i => Card($"id-{i:D3}", "Lou", $"Marsh{i:D3}")).ToList();
        index.Rebuild(cards.Take(100));
        foreach (var card in cards.Skip(100)) index.Replace(null, card);
        Assert.True(index.ShouldRenumber);
        var renumbering = index.StartRenumbering();
        Assert.False(index.ShouldRenumber);

        // Meanwhile: one goes away, one is removed, one is renamed, one arrives.
        index.Replace(cards[10], cards[10] with { Presence = Presence.Away, Version = 2 });
        index.Replace(cards[150], null);
        index.Replace(cards[20], cards[20] with { Profile = new AgentProfile("Lou", "Abel", "lou.abel@example.com"), Version = 2 });
        index.Replace(null, Card("id-999", "Lou", "Marsh0105"));
        renumbering.Build();
        index.Adopt(renumbering);

        var none = new HashSet<string>();
        Assert.Equal(["id-999"], Ids(index.Search("marsh010", none)));
        Assert.Empty(Ids(index.Search("marsh150", none)));
        Assert.Empty(Ids(index.Search("marsh020", none)));
        Assert.Equal(["id-020"], Ids(index.Search("abel", none)));
        Assert.Equal(["id-999", "id-011", "id-012"], Ids(index.Search("marsh01", none)).Take(3));
        Assert.Equal(200, index.Count);
        // The card that went away meanwhile comes back under its adopted number.
        index.Replace(cards[10] with { Presence = Presence.Away, Version = 2 }, cards[10] with { Version = 3 });
        Assert.Equal(["id-010", "id-999"], Ids(index.Search("marsh010", none)));
    }

    [Fact]
    public void R12_index_never_returns_a_card_after_it_went_away_or_was_removed()
    {
        var index = new AgentSearchIndex();
        var ann = Card("a1", "Ann", "Quill");
        var ben = Card("b1", "Ben", "Quill");
        index.Rebuild([ann, ben]);
        var none = new HashSet<string>();
        Assert.Equal(["a1", "b1"], Ids(index.Search("quill", none)));

        // Away: still indexed (same number), but not invitable.
        var away = ann with { Presence = Presence.Away, Version = 2 };
        index.Replace(ann, away);
        Assert.Equal(["b1"], Ids(index.Search("quill", none)));
        Assert.Empty(Ids(index.Search("ann", none)));
        index.Replace(away, away with { Presence = Presence.Online, Version = 3 });
        Assert.Equal(["a1", "b1"], Ids(index.Search("quill", none)));

        // Removed: its number stays in the pieces until the index renumbers, yet it is never a hit.
        index.Replace(ben, null);
        Assert.Equal(["a1"], Ids(index.Search("quill", none)));
        Assert.Empty(Ids(index.Search("ben", none)));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void R12_index_finds_a_renamed_card_by_its_new_name_only_and_in_its_new_place()
    {
        var index = new AgentSearchIndex();
        var cards = Enumerable.Range(0, 100).Select(i => Card($"id-{i:D3}", "Kim", $"Berg{i:D3}")).ToList();
        index.Rebuild(cards);
        var none = new HashSet<string>();
        var renamed = cards[50] with { Profile = new AgentProfile("Kim", "Aalto", "kim.aalto@example.com"), Version = 2 };
        index.Replace(cards[50], renamed);

        Assert.Empty(Ids(index.Search("berg050", none)));
        Assert.Equal(["id-050"], Ids(index.Search("aalto", none)));
        // Sorted first now (Aalto before Berg*), ahead of the cards numbered before it was renamed.
        Assert.Equal(["id-050", "id-000", "id-001"], Ids(index.Search("kim", none)).Take(3));
        // A card added since the last numbering is merged into the order too.
        var added = Card("id-999", "Kim", "Berg0005");
        index.Replace(null, added);
        Assert.Equal(["id-000", "id-999", "id-001"], Ids(index.Search("berg00", none)).Take(3));
    }

    [Fact]
    public void R12_index_answers_a_query_with_characters_it_does_not_index_by_walking_every_card()
    {
        var index = new AgentSearchIndex();
        index.Rebuild([Card("e1", "Émile", "Zola"), Card("e2", "Emile", "Zola"), Card("s1", "Straße", "Ng")]);
        var none = new HashSet<string>();
        Assert.Equal(["e1"], Ids(index.Search("éMI", none)));
        Assert.Equal(["e2", "e1"], Ids(index.Search("mile", none)));
        Assert.Equal(["s1"], Ids(index.Search("STRAßE", none)));
        Assert.Empty(Ids(index.Search("zq", none)));
    }

    /// <summary>
    /// The index's premise: OrdinalIgnoreCase equates a character that folds to ASCII only with
    /// characters that fold to the same one, so no hit is lost by looking the query's pieces up.
    /// Checked for every pair of UTF-16 code units, on the runtime the tests run on.
    /// </summary>
    [Fact]
    public void R12_pieces_fold_as_ordinal_ignore_case_compares()
    {
        var indexable = Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => SearchGrams.Fold(c) >= 0).ToList();
        Span<char> left = stackalloc char[1];
        Span<char> right = stackalloc char[1];
        foreach (var q in indexable)
        {
            left[0] = q;
            for (var n = 0; n <= char.MaxValue; n++)
            {
                right[0] = (char)n;
                if (MemoryExtensions.Equals(left, right, StringComparison.OrdinalIgnoreCase))
                    Assert.True(SearchGrams.Fold(q) == SearchGrams.Fold((char)n), $"U+{(int)q:X4} equals U+{n:X4} ignoring case but folds differently");
            }
        }
    }

    private static AgentCard Card(string id, string first, string last) => new(
        id, new AgentProfile(first, last, $"{id}@example.com"), AgentRole.Agent, CanChat: true, Presence: Presence.Online,
        Load: 0, Capacity: 3, IdleSince: DateTimeOffset.UnixEpoch, IsMember: true, IsSupervisor: false, Version: 1);

    private static List<string> Ids(IEnumerable<AgentCard> hits) => hits.Select(c => c.AgentId).ToList();

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
