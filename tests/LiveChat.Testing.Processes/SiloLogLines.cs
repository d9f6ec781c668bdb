namespace LiveChat.Testing.Processes;

/// <summary>
/// The shape of a silo's captured output ("[  1.23s out] ...": time since start, stream, text;
/// the test's own notes on the "test" stream) and which of those lines show a fault.
/// </summary>
public static class SiloLogLines
{
    /// <summary>The note captured on the "test" stream when the silo is sent SIGTERM.</summary>
    public const string Sigterm = "SIGTERM";

    /// <summary>
    /// The logging category of Orleans' grain directory; the test silos log it at Information so
    /// that <see cref="DirectoryDropsActivations"/> appears in their output.
    /// </summary>
    public const string DirectoryCategory = "Orleans.Runtime.GrainDirectory.LocalGrainDirectory";

    private const string SigtermLineEnd = " test] " + Sigterm;

    /// <summary>One captured line: <paramref name="stream"/> is "out", "err" or "test".</summary>
    public static string Line(TimeSpan sinceStart, string stream, string text) =>
        $"[{sinceStart.TotalSeconds,7:F2}s {stream}] {text}";

    /// <summary>
    /// Lines logged as errors (fail/crit) or written to stderr, except the two Orleans errors that a
    /// membership change causes by itself: <see cref="IsOwnShutdownRace"/> once SIGTERM was sent to
    /// this silo, <see cref="IsActivationCancelledByDirectory"/> once this silo's directory said it
    /// drops activations because another silo left.
    /// </summary>
    public static IReadOnlyList<string> Faults(IEnumerable<string> lines)
    {
        var faults = new List<string>();
        var stopping = false;
        var directoryDropped = false;
        foreach (var line in lines)
        {
            stopping |= line.EndsWith(SigtermLineEnd, StringComparison.Ordinal);
            directoryDropped |= DirectoryDropsActivations(line);
            if (!IsError(line)) continue;
            if (stopping && IsOwnShutdownRace(line)) continue;
            if (directoryDropped && IsActivationCancelledByDirectory(line)) continue;
            faults.Add(line);
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

    /// <summary>
    /// Orleans' notice (Information, <see cref="DirectoryCategory"/>) that this silo deactivates the
    /// activations whose directory entries lived on a silo that left.
    /// </summary>
    private static bool DirectoryDropsActivations(string line) =>
        line.Contains("LocalGrainDirectory is deactivating", StringComparison.Ordinal)
        && line.Contains("entered status", StringComparison.Ordinal);

    /// <summary>
    /// When another silo leaves, Orleans deactivates every local activation whose directory entry
    /// that silo held. One still loading its state is cancelled, and Orleans logs the cancellation
    /// of its own lifecycle start as two errors ("Error starting lifecycle for activation",
    /// "Error activating grain": TaskCanceledException, State=Deactivating); the requests waiting on
    /// it are re-addressed or rejected, and the caller retries (the cluster tests still check that
    /// no acknowledged message is lost). Seen in CI during a rolling restart under load.
    /// Forgiven only after <see cref="DirectoryDropsActivations"/>; any other failed activation is a fault.
    /// </summary>
    private static bool IsActivationCancelledByDirectory(string line) =>
        (line.Contains("Error starting lifecycle for activation", StringComparison.Ordinal)
            || line.Contains("Error activating grain", StringComparison.Ordinal))
        && line.Contains("State=Deactivating", StringComparison.Ordinal)
        && line.Contains("TaskCanceledException", StringComparison.Ordinal);
}
