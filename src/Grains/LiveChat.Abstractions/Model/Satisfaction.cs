namespace LiveChat.Model;

/// <summary>
/// The end user's satisfaction rating of its ended chat (CSAT, rules C1-C5): 1 (poor) to 5 (very
/// good) and an optional comment. Carries no agent id: the end user's own view shows it too.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.SatisfactionRating")]
public sealed record SatisfactionRating(
    [property: Id(0)] int Rating,
    [property: Id(1)] string? Comment,
    [property: Id(2)] DateTimeOffset At);

/// <summary>The ratings one agent received in one queue: how many and their sum (the average follows).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentSatisfaction")]
public sealed record AgentSatisfaction(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Ratings,
    [property: Id(3)] long Sum)
{
    public double? Average => SatisfactionLimits.AverageOf(Ratings, Sum);
}

/// <summary>A queue's satisfaction figures for the monitoring dashboard: all its ratings, and per agent.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.SatisfactionFigures")]
public sealed record SatisfactionFigures(
    [property: Id(0)] int Ratings,
    [property: Id(1)] long Sum,
    [property: Id(2)] IReadOnlyList<AgentSatisfaction> Agents)
{
    public static SatisfactionFigures None { get; } = new(0, 0, []);

    public double? Average => SatisfactionLimits.AverageOf(Ratings, Sum);
}

/// <summary>What a satisfaction rating may be (docs/rules.md C1-C5).</summary>
public static class SatisfactionLimits
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    /// <summary>The longest comment (characters, after cleaning).</summary>
    public const int MaxCommentLength = 1000;
    /// <summary>How long after the chat ended its end user may still rate it (C4).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static double? AverageOf(int ratings, long sum) => ratings == 0 ? null : Math.Round((double)sum / ratings, 2);
}
