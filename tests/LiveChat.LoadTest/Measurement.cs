namespace LiveChat.LoadTest;

/// <summary>
/// One line of the results: a product path measured against its baseline in the same run.
/// <see cref="Ratio"/> is value ÷ baseline; <see cref="Met"/> compares it with the target.
/// </summary>
public sealed record Measurement(
    string Name,
    string Unit,
    double Value,
    string BaselineName,
    double Baseline,
    double Ratio,
    string Target,
    bool Met,
    string Notes);
