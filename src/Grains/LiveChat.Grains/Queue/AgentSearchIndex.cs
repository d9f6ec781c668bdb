namespace LiveChat.Grains.Queue;

/// <summary>
/// A queue's agent cards kept in R12's result order (last name, first name, then id), so a search
/// walks them in order and stops at its first page of hits instead of matching and sorting every
/// card: at 10,000 agents, sorting every match dominated the search's p99.
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

    private readonly List<AgentCard> _sorted = [];

    public int Count => _sorted.Count;

    /// <summary>Starts over from a queue's cards (on activation).</summary>
    public void Rebuild(IEnumerable<AgentCard> cards)
    {
        _sorted.Clear();
        _sorted.AddRange(cards);
        _sorted.Sort(ResultOrder);
    }

    /// <summary>Replaces <paramref name="previous"/> (the card the queue held, if any) by <paramref name="current"/> (null: removed).</summary>
    public void Replace(AgentCard? previous, AgentCard? current)
    {
        if (previous is not null)
        {
            var at = _sorted.BinarySearch(previous, ResultOrder);
            if (at >= 0) _sorted.RemoveAt(at);
        }
        if (current is not null)
        {
            var at = _sorted.BinarySearch(current, ResultOrder);
            _sorted.Insert(at >= 0 ? at : ~at, current);
        }
    }

    /// <summary>
    /// R12: online agents of the queue holding ESChat_Agent, not excluded, whose first name, last
    /// name, full name or email contains the query (case-insensitive), in result order. Lazy: the
    /// caller's Take ends the walk.
    /// </summary>
    public IEnumerable<AgentCard> Search(string query, ISet<string> excluded)
    {
        var q = query.Trim();
        foreach (var card in _sorted)
        {
            if (AgentMatcher.IsInvitable(card, excluded) && AgentMatcher.NameOrEmailContains(card.Profile, q)) yield return card;
        }
    }
}
