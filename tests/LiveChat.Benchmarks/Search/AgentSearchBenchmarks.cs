namespace LiveChat.Benchmarks.Search;

using BenchmarkDotNet.Attributes;
using LiveChat.Grains.Queue;
using LiveChat.Model;

/// <summary>
/// R12's agent search and S3's automatic assignment as a support queue runs them, in memory: the
/// search walks the cards of the queue's <see cref="AgentSearchIndex"/> that hold its query's
/// rarest piece, in result order, until it has a page of hits; assignment scans the card
/// dictionary; every card change updates the index.
/// </summary>
[MemoryDiagnoser]
public class AgentSearchBenchmarks
{
    // As SupportQueueGrain.SearchAgents is called by ChatSessionGrain.SearchInvitees.
    private const int MaxHits = 20;

    private Dictionary<string, AgentCard> _cards = [];
    private List<AgentCard> _inResultOrder = [];
    private AgentSearchIndex _index = new();
    private HashSet<string> _excluded = [];
    private readonly HashSet<string> _skipped = [];
    private AgentCard _changing = null!;
    private AgentCard _changed = null!;

    [Params(100, 1_000, 10_000, 100_000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cards = AgentCards.Queue(Agents);
        _inResultOrder = [.. _cards.Values.Order(AgentSearchIndex.ResultOrder)];
        _index = new AgentSearchIndex();
        _index.Rebuild(_cards.Values);
        _excluded = AgentCards.Excluded(Agents);
        // One agent in the middle of the order going away and coming back, as presence changes do.
        _changing = _inResultOrder[Agents / 2];
        _changed = _changing with { Presence = Presence.Away, Version = _changing.Version + 1 };
    }

    /// <summary>
    /// Baseline: one pass over the same cards, in result order, reading one field of each: the
    /// floor of a search that walks every card, as every search that found less than a page did
    /// before the index had pieces. A search now walks only the cards holding its query's rarest
    /// piece, so every ratio should come out well below 1 at 10,000 cards and more.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int EnumerateCards()
    {
        var online = 0;
        foreach (var card in _inResultOrder)
        {
            if (card.Presence == Presence.Online) online++;
        }
        return online;
    }

    /// <summary>A first name's start ("an": a twelfth of the agents, spread over the order): the walk ends at the first page.</summary>
    [Benchmark]
    public List<AgentSearchHit> SearchFirstName() => Page("an");

    /// <summary>A query nobody matches: no card holds its piece "ZQ", so the walk visits none (before the pieces it visited every card).</summary>
    [Benchmark]
    public List<AgentSearchHit> SearchNoMatch() => Page("zq");

    /// <summary>
    /// A surname prefix matching a tenth of the queue, far down the order ("Surname9…"): walking
    /// the order would pass nine tenths of the cards first; the cards holding "E9" start at its hits.
    /// </summary>
    [Benchmark]
    public List<AgentSearchHit> SearchSurnamePrefix() => Page("SURNAME9");

    /// <summary>S3: run for each waiting chat whenever an agent's card changes.</summary>
    [Benchmark]
    public AgentCard? NextAssignee() => AgentMatcher.NextAssignee(_cards.Values, _skipped);

    /// <summary>What every presence change costs the index: the card keeps its number, so one lookup and one write.</summary>
    [Benchmark]
    public AgentCard UpdateIndex()
    {
        _index.Replace(_changing, _changed);
        (_changing, _changed) = (_changed, _changing);
        return _changing;
    }

    // What SupportQueueGrain.SearchAgents does: walk, take the first page, project.
    private List<AgentSearchHit> Page(string query) =>
        _index.Search(query, _excluded)
            .Take(MaxHits)
            .Select(c => new AgentSearchHit(c.AgentId, c.Profile.FirstName, c.Profile.LastName, c.Profile.Email))
            .ToList();
}
