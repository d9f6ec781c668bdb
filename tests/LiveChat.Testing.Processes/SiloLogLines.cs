namespace LiveChat.Testing.Processes;

/// <summary>
/// Reads a silo's captured output (lines shaped "[  1.23s out] ...", with the test's own
/// "[  1.23s test] SIGTERM" marker) and picks the lines that show a fault.
/// </summary>
public static class SiloLogLines
{
    /// <summary>The marker <see cref="SiloProcess"/> captures when it sends SIGTERM.</summary>
    public const string SigtermMarker = " test] SIGTERM";

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
            stopping |= line.EndsWith(SigtermMarker, StringComparison.Ordinal);
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
