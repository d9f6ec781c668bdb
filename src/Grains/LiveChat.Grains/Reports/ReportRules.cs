namespace LiveChat.Grains.Reports;

/// <summary>Rule ids of supervisors' reports (docs/rules.md RP1-RP5).</summary>
public static class ReportRules
{
    /// <summary>What a report counts, per queue and per agent.</summary>
    public const string Counted = "RP1";
    /// <summary>Who may read a queue's report: its supervisors and admins.</summary>
    public const string Readers = "RP2";
    /// <summary>The ranges: today, 7d, 30d (UTC days including today).</summary>
    public const string Range = "RP3";
    /// <summary>Each fact counted once: sent once, after the commit that stored it.</summary>
    public const string Once = "RP4";
    /// <summary>Bounded state: duration histograms, agents per day capped.</summary>
    public const string Bounded = "RP5";
}
