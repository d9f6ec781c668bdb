namespace LiveChat.Grains.Queue;

using System.Runtime.InteropServices;

/// <summary>
/// A queue's agent cards for R12's search: numbered in result order (last name, first name, then
/// id), with an inverted index from every 1-, 2- and 3-character piece of a card's full name and
/// email (<see cref="SearchGrams"/>) to the numbers of the cards that contain it. A search walks
/// only the cards holding the rarest piece of its query, in result order, and stops at its first
/// page of hits: a query nobody matches walks nothing, where walking every card took 25 ms at
/// 100,000 agents.
/// <para>
/// A card whose name or email is unchanged keeps its number, so presence, load and membership
/// changes (the steady traffic) cost one array write. A card added or renamed since the last build
/// goes to a short unsorted tail that every search checks in full; its old number is retired. When
/// the tail and the retired numbers grow past a small share of the cards (<see cref="ShouldRenumber"/>),
/// the owner renumbers: <see cref="StartRenumbering"/> takes a snapshot, <see cref="Renumbering.Build"/>
/// sorts and indexes it off the grain's turn (0.8 s at 100,000 cards), <see cref="Adopt"/> swaps it
/// in and replays the changes made meanwhile. Searches go on against the old numbering until then.
/// </para>
/// Not thread-safe: owned by one grain activation.
/// </summary>
public sealed class AgentSearchIndex
{
    /// <summary>R12's order; the id makes it total, so every card has exactly one place.</summary>
    public static readonly IComparer<AgentCard> ResultOrder = Comparer<AgentCard>.Create((a, b) =>
    {
        var order = string.Compare(a.Profile.LastName, b.Profile.LastName, StringComparison.OrdinalIgnoreCase);
        if (order == 0) order = string.Compare(a.Profile.FirstName, b.Profile.FirstName, StringComparison.OrdinalIgnoreCase);
        return order != 0 ? order : string.CompareOrdinal(a.AgentId, b.AgentId);
    });

    // Every card by number (null: removed or renamed since the build). Numbers below _sorted were
    // given by the last build in result order; the ones from _sorted on are the unsorted tail.
    private readonly List<AgentCard?> _cards = [];
    private readonly Dictionary<string, int> _numberOf = new(StringComparer.Ordinal);
    // Piece -> numbers (ascending, so in result order) of the sorted cards that contain it.
    private Dictionary<int, int[]> _postings = [];
    private int _sorted;
    private int _retired;
    // While a renumbering is built: each agent changed since its snapshot, with its newest card (null: removed).
    private Dictionary<string, AgentCard?>? _changedSinceSnapshot;

    public int Count => _numberOf.Count;

    /// <summary>Starts over from a queue's cards (on activation).</summary>
    public void Rebuild(IEnumerable<AgentCard> cards)
    {
        var renumbering = new Renumbering(cards.ToList());
        renumbering.Build();
        _changedSinceSnapshot = null;
        Install(renumbering);
    }

    /// <summary>True when the unsorted tail and the retired numbers have grown enough that a renumbering pays off and none is under way.</summary>
    public bool ShouldRenumber => _changedSinceSnapshot is null && _retired + _cards.Count - _sorted > 64 + _sorted / 32;

    /// <summary>Snapshots the live cards (cards are immutable) and records every change from now on, to replay in <see cref="Adopt"/>.</summary>
    public Renumbering StartRenumbering()
    {
        _changedSinceSnapshot = new Dictionary<string, AgentCard?>(StringComparer.Ordinal);
        return new Renumbering(_cards.OfType<AgentCard>().ToList());
    }

    /// <summary>Swaps in a built renumbering, then applies the changes made since its snapshot.</summary>
    public void Adopt(Renumbering renumbering)
    {
        if (!renumbering.IsBuilt) throw new InvalidOperationException("The renumbering is not built yet.");
        var changes = _changedSinceSnapshot ?? [];
        _changedSinceSnapshot = null;
        Install(renumbering);
        foreach (var (agentId, card) in changes)
        {
            if (card is null) Remove(agentId);
            else Replace(null, card);
        }
    }

    /// <summary>Forgets a renumbering that will not be adopted (its build failed).</summary>
    public void AbandonRenumbering() => _changedSinceSnapshot = null;

    private void Install(Renumbering renumbering)
    {
        _cards.Clear();
        _numberOf.Clear();
        foreach (var card in renumbering.Cards)
        {
            _numberOf[card.AgentId] = _cards.Count;
            _cards.Add(card);
        }
        _sorted = _cards.Count;
        _retired = 0;
        _postings = renumbering.Postings;
    }

    /// <summary>Replaces <paramref name="previous"/> (the card the queue held, if any) by <paramref name="current"/> (null: removed).</summary>
    public void Replace(AgentCard? previous, AgentCard? current)
    {
        if (_changedSinceSnapshot is not null)
        {
            if (previous is not null && previous.AgentId != current?.AgentId) _changedSinceSnapshot[previous.AgentId] = null;
            if (current is not null) _changedSinceSnapshot[current.AgentId] = current;
        }
        if (previous is not null && previous.AgentId != current?.AgentId) Remove(previous.AgentId);
        if (current is null) return;
        if (_numberOf.TryGetValue(current.AgentId, out var number))
        {
            // Same name and email: same place in the order, same pieces; only the card's flags changed.
            if (_cards[number]!.Profile == current.Profile)
            {
                _cards[number] = current;
                return;
            }
            Remove(current.AgentId);
        }
        _numberOf[current.AgentId] = _cards.Count;
        _cards.Add(current);
    }

    private void Remove(string agentId)
    {
        if (!_numberOf.Remove(agentId, out var number)) return;
        _cards[number] = null;
        if (number < _sorted) _retired++;
    }

    /// <summary>
    /// R12: online agents of the queue holding ESChat_Agent, not excluded, whose first name, last
    /// name, full name or email contains the query (case-insensitive), in result order. Lazy: the
    /// caller's Take ends the walk.
    /// </summary>
    public IEnumerable<AgentCard> Search(string query, ISet<string> excluded)
    {
        var q = query.Trim();
        List<AgentCard>? tail = null;
        for (var number = _sorted; number < _cards.Count; number++)
        {
            if (_cards[number] is { } card && Matches(card, q, excluded)) (tail ??= []).Add(card);
        }
        tail?.Sort(ResultOrder);
        var sorted = SearchSorted(q, Candidates(q), excluded);
        return tail is null ? sorted : Merge(sorted, tail);
    }

    private static bool Matches(AgentCard card, string q, ISet<string> excluded) =>
        AgentMatcher.IsInvitable(card, excluded) && AgentMatcher.NameOrEmailContains(card.Profile, q);

    /// <summary>The numbers of the sorted cards that may match: those holding the query's rarest piece; null: every card.</summary>
    private int[]? Candidates(string q)
    {
        var length = Math.Min(q.Length, SearchGrams.MaxLength);
        if (length == 0 || !SearchGrams.IsIndexable(q)) return null;
        int[]? rarest = null;
        for (var start = 0; start + length <= q.Length; start++)
        {
            // A piece no sorted card holds: none of them matches.
            if (!_postings.TryGetValue(SearchGrams.Key(q, start, length), out var numbers)) return [];
            if (rarest is null || numbers.Length < rarest.Length) rarest = numbers;
        }
        return rarest;
    }

    private IEnumerable<AgentCard> SearchSorted(string q, int[]? candidates, ISet<string> excluded)
    {
        if (candidates is null)
        {
            for (var number = 0; number < _sorted; number++)
            {
                if (_cards[number] is { } card && Matches(card, q, excluded)) yield return card;
            }
            yield break;
        }
        foreach (var number in candidates)
        {
            if (_cards[number] is { } card && Matches(card, q, excluded)) yield return card;
        }
    }

    private static IEnumerable<AgentCard> Merge(IEnumerable<AgentCard> sorted, List<AgentCard> tail)
    {
        var next = 0;
        foreach (var card in sorted)
        {
            while (next < tail.Count && ResultOrder.Compare(tail[next], card) < 0) yield return tail[next++];
            yield return card;
        }
        while (next < tail.Count) yield return tail[next++];
    }
}

/// <summary>
/// A numbering of a snapshot of cards: sorted in result order, with the numbers of the cards
/// holding each piece. <see cref="Build"/> touches only the snapshot, so it may run on any thread.
/// </summary>
public sealed class Renumbering(List<AgentCard> cards)
{
    internal List<AgentCard> Cards { get; } = cards;
    internal Dictionary<int, int[]> Postings { get; private set; } = [];
    internal bool IsBuilt { get; private set; }

    public void Build()
    {
        Cards.Sort(AgentSearchIndex.ResultOrder);
        Postings = BuildPostings(Cards);
        IsBuilt = true;
    }

    /// <summary>Counts each piece's cards, then fills exact arrays: no spare capacity kept for 100,000 cards.</summary>
    private static Dictionary<int, int[]> BuildPostings(List<AgentCard> cards)
    {
        var counts = new Dictionary<int, int>();
        var pieces = new HashSet<int>();
        foreach (var card in cards)
        {
            SearchGrams.Collect(card.Profile, pieces);
            foreach (var key in pieces) CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
        }
        var postings = new Dictionary<int, int[]>(counts.Count);
        foreach (var (key, count) in counts) postings[key] = new int[count];
        // Filled from the last card back, so each array ends up ascending.
        for (var number = cards.Count - 1; number >= 0; number--)
        {
            SearchGrams.Collect(cards[number].Profile, pieces);
            foreach (var key in pieces) postings[key][--CollectionsMarshal.GetValueRefOrNullRef(counts, key)] = number;
        }
        return postings;
    }
}
