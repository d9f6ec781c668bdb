namespace LiveChat.Testing.Processes;

/// <summary>
/// The shape of a silo's captured output ("[  1.23s out] ...": time since start, stream, text;
/// the test's own notes on the "test" stream) and which of those lines show a fault.
/// </summary>
public static class SiloLogLines
{
    /// <summary>The note captured on the "test" stream when the silo is sent SIGTERM.</summary>
    public const string Sigterm = "SIGTERM";

    private const string SigtermLineEnd = " test] " + Sigterm;

    /// <summary>One captured line: <paramref name="stream"/> is "out", "err" or "test".</summary>
    public static string Line(TimeSpan sinceStart, string stream, string text) =>
        $"[{sinceStart.TotalSeconds,7:F2}s {stream}] {text}";

    /// <summary>
    /// Lines logged as errors (fail/crit) or written to stderr, except the one Orleans error a
    /// graceful stop can cause by itself (<see cref="IsOwnShutdownRace"/>) once SIGTERM was sent.
    /// </summary>
    public static IReadOnlyList<string> Faults(IEnumerable<string> lines)
    {
        var faults = new List<string>();
        var stopping = false;
        foreach (var line in lines)
        {
            stopping |= line.EndsWith(SigtermLineEnd, StringComparison.Ordinal);
            if (IsError(line) && !(stopping && IsOwnShutdownRace(line))) faults.Add(line);
        }
        return faults;
    }

    private static bool IsError(string line) =>
        line.Contains(" err] ", StringComparison.Ordinal)
        || line.Contains(" fail: ", StringComparison.Ordinal)
        || line.Contains(" crit: ", StringComparison.Ordinal);

    /// <summary>
    /// After SIGTERM, a request already on its way to this silo (forwarded by another silo whose
    /// directory still pointed here) can arrive once Orleans' placement is closed: Orleans logs
    /// "Failed to address message ... SiloUnavailableException: Silo '...' is shutting down" as
    /// an error and rejects the request, and the caller retries on the remaining silos. The
    /// cluster tests still check that no acknowledged message is lost; only this line is forgiven.
    /// </summary>
    private static bool IsOwnShutdownRace(string line) =>
        line.Contains("Failed to address message", StringComparison.Ordinal)
        && line.Contains("SiloUnavailableException", StringComparison.Ordinal)
        && line.Contains("is shutting down", StringComparison.Ordinal);
}
