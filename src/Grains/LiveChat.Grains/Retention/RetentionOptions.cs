namespace LiveChat.Grains.Retention;

/// <summary>Retention settings a deployment may tune (section <c>LiveChat:Retention</c>, docs/rules.md E1, E7).</summary>
public sealed class RetentionOptions
{
    /// <summary>
    /// Days an ended chat is kept in a queue that set no retention of its own. Storage limitation
    /// (GDPR art. 5(1)(e)): there is no "keep forever"; a queue may choose 1 to 3650 days.
    /// </summary>
    public int DefaultDays { get; set; } = 365;

    /// <summary>How often each queue's sweep reminder ticks.</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Chats one sweep tick erases at most (E7); a larger backlog goes on at the next tick.</summary>
    public int SweepBatch { get; set; } = 50;
}
