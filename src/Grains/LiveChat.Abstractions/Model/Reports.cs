namespace LiveChat.Model;

/// <summary>What a chat tells its queue's daily report about (docs/rules.md RP1).</summary>
public enum ReportFactKind
{
    /// <summary>A live chat started in the queue (a message left for the team is not a live chat).</summary>
    Started,
    /// <summary>An agent answered the end user for the first time; Duration: the first-response time.</summary>
    Answered,
    /// <summary>The chat ended after an agent's answer; Duration: the handle time (first assignment to end).</summary>
    Ended,
    /// <summary>The chat ended unanswered (the end user gave up or went away) or its agent abandoned it.</summary>
    Abandoned,
    /// <summary>The chat left its agent for another agent or queue (a transfer, or an accepted transfer offer).</summary>
    Transferred,
    InviteSent,
    InviteAccepted,
    InviteRejected,
    /// <summary>A response-time limit passed (SLA5).</summary>
    SlaBreached,
}

/// <summary>
/// One event of one chat for its queue's report of a UTC day. FactId ("chat:seq:kind", the transcript
/// entry that recorded it) names it in logs; the chat sends each fact once, after the commit that stored its entry (RP4).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Reports.ReportFact")]
public sealed record ReportFact(
    [property: Id(0)] string FactId,
    [property: Id(1)] ReportFactKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] string? AgentName,
    [property: Id(5)] TimeSpan? Duration);

/// <summary>
/// Counts and two bounded duration histograms (first response, handle time) of a queue or an agent
/// over one or more days. Mutable: a day's grain adds facts to it and a report adds days together.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("Reports.ReportTally")]
public sealed class ReportTally
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public int Started { get; set; }
    [Id(2)] public int Answered { get; set; }
    [Id(3)] public int Ended { get; set; }
    [Id(4)] public int Abandoned { get; set; }
    [Id(5)] public int Transferred { get; set; }
    [Id(6)] public int InvitesSent { get; set; }
    [Id(7)] public int InvitesAccepted { get; set; }
    [Id(8)] public int InvitesRejected { get; set; }
    [Id(9)] public int SlaBreaches { get; set; }
    /// <summary>First-response times per bucket of <see cref="ReportLimits.BucketBoundsSeconds"/> (one more for longer).</summary>
    [Id(10)] public int[] FirstResponse { get; set; } = ReportLimits.NewHistogram();
    /// <summary>Handle times per bucket of <see cref="ReportLimits.BucketBoundsSeconds"/> (one more for longer).</summary>
    [Id(11)] public int[] Handle { get; set; } = ReportLimits.NewHistogram();

    public void Count(ReportFact fact)
    {
        switch (fact.Kind)
        {
            case ReportFactKind.Started: Started++; break;
            case ReportFactKind.Answered: Answered++; AddTo(FirstResponse, fact.Duration); break;
            case ReportFactKind.Ended: Ended++; AddTo(Handle, fact.Duration); break;
            case ReportFactKind.Abandoned: Abandoned++; break;
            case ReportFactKind.Transferred: Transferred++; break;
            case ReportFactKind.InviteSent: InvitesSent++; break;
            case ReportFactKind.InviteAccepted: InvitesAccepted++; break;
            case ReportFactKind.InviteRejected: InvitesRejected++; break;
            case ReportFactKind.SlaBreached: SlaBreaches++; break;
        }
        if (fact.AgentName is { Length: > 0 } name) Name = name;
    }

    public void Add(ReportTally other)
    {
        Started += other.Started;
        Answered += other.Answered;
        Ended += other.Ended;
        Abandoned += other.Abandoned;
        Transferred += other.Transferred;
        InvitesSent += other.InvitesSent;
        InvitesAccepted += other.InvitesAccepted;
        InvitesRejected += other.InvitesRejected;
        SlaBreaches += other.SlaBreaches;
        for (var i = 0; i < FirstResponse.Length && i < other.FirstResponse.Length; i++) FirstResponse[i] += other.FirstResponse[i];
        for (var i = 0; i < Handle.Length && i < other.Handle.Length; i++) Handle[i] += other.Handle[i];
        Name ??= other.Name;
    }

    public ReportFigures Figures() => new(Started, Answered, Ended, Abandoned, Transferred, InvitesSent, InvitesAccepted, InvitesRejected, SlaBreaches,
        ReportLimits.Percentile(FirstResponse, 0.5), ReportLimits.Percentile(FirstResponse, 0.9),
        ReportLimits.Percentile(Handle, 0.5), ReportLimits.Percentile(Handle, 0.9));

    private static void AddTo(int[] histogram, TimeSpan? duration)
    {
        if (duration is { } d) histogram[ReportLimits.BucketOf(d)]++;
    }
}

/// <summary>
/// A queue's or an agent's figures over a report's range. Percentiles are in seconds: the upper bound
/// of the histogram bucket that holds that rank (RP5), null without any sample.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Reports.ReportFigures")]
public sealed record ReportFigures(
    [property: Id(0)] int ChatsStarted,
    [property: Id(1)] int ChatsAnswered,
    [property: Id(2)] int ChatsEnded,
    [property: Id(3)] int ChatsAbandoned,
    [property: Id(4)] int ChatsTransferred,
    [property: Id(5)] int InvitesSent,
    [property: Id(6)] int InvitesAccepted,
    [property: Id(7)] int InvitesRejected,
    [property: Id(8)] int SlaBreaches,
    [property: Id(9)] int? FirstResponseP50Seconds,
    [property: Id(10)] int? FirstResponseP90Seconds,
    [property: Id(11)] int? HandleTimeP50Seconds,
    [property: Id(12)] int? HandleTimeP90Seconds);

/// <summary>One agent's figures in a queue's report.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Reports.AgentReport")]
public sealed record AgentReport(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] ReportFigures Figures);

/// <summary>One UTC day of a queue's report, for the charts.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Reports.DayReport")]
public sealed record DayReport(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] ReportFigures Figures);

/// <summary>A queue's report over a range of UTC days ending today (RP1-RP5): totals, per agent and per day.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Reports.QueueReport")]
public sealed record QueueReport(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string Range,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateOnly To,
    [property: Id(4)] ReportFigures Queue,
    [property: Id(5)] IReadOnlyList<AgentReport> Agents,
    [property: Id(6)] IReadOnlyList<DayReport> Days);

/// <summary>What a report may cover and how durations are bucketed (docs/rules.md RP3, RP5).</summary>
public static class ReportLimits
{
    /// <summary>The ranges a report covers: today, or the last 7 or 30 UTC days including today (RP3).</summary>
    public static readonly IReadOnlyDictionary<string, int> Ranges = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["today"] = 1,
        ["7d"] = 7,
        ["30d"] = 30,
    };

    /// <summary>
    /// Upper bounds (seconds) of the duration buckets; a last bucket holds anything longer. A day's
    /// state stays the same size however many chats it counts (RP5).
    /// </summary>
    public static readonly int[] BucketBoundsSeconds =
        [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 28800, 86400];

    /// <summary>The most agents one day of a queue lists apart; facts of more agents count in the queue's totals only (RP5).</summary>
    public const int MaxAgentsPerDay = 500;

    public static int[] NewHistogram() => new int[BucketBoundsSeconds.Length + 1];

    public static int BucketOf(TimeSpan duration)
    {
        var seconds = Math.Max(0, duration.TotalSeconds);
        for (var i = 0; i < BucketBoundsSeconds.Length; i++)
        {
            if (seconds <= BucketBoundsSeconds[i]) return i;
        }
        return BucketBoundsSeconds.Length;
    }

    /// <summary>
    /// The upper bound of the bucket holding the sample of rank ceil(p·n); beyond the last bound, the
    /// last bound (the report says "more than" then). Null without samples.
    /// </summary>
    public static int? Percentile(int[] histogram, double p)
    {
        var total = histogram.Sum();
        if (total == 0) return null;
        var rank = Math.Max(1, (int)Math.Ceiling(p * total));
        var seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank) return BucketBoundsSeconds[Math.Min(i, BucketBoundsSeconds.Length - 1)];
        }
        return BucketBoundsSeconds[^1];
    }
}
