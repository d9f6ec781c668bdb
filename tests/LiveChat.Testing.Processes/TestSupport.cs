namespace LiveChat.Testing.Processes;

using System.Diagnostics;

/// <summary>A data folder of its own for one test, deleted afterwards.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "livechat-silo-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public static class Transcripts
{
    /// <summary>
    /// The whole transcript as <paramref name="agentId"/> sees it, audit entries included, read page by
    /// page (at most <see cref="ChatLimits.MaxPageRead"/> a call) until HasMore is false.
    /// </summary>
    public static async Task<(IReadOnlyList<TranscriptEntry> Entries, long LastSeq)> ReadAllAsync(IChatSessionGrain chat, string agentId)
    {
        var entries = new List<TranscriptEntry>();
        long after = 0;
        for (var call = 0; call < 10_000; call++)
        {
            var slice = await chat.ReadTranscript(agentId, after, ChatLimits.MaxPageRead, includeAudit: true);
            entries.AddRange(slice.Entries);
            if (!slice.HasMore) return (entries, slice.LastSeq);
            if (slice.LastSeq <= after)
                throw new InvalidOperationException($"ReadTranscript after {after} said HasMore but did not move on (LastSeq {slice.LastSeq}).");
            after = slice.LastSeq;
        }
        throw new InvalidOperationException("ReadTranscript never reached the end of the transcript.");
    }

    /// <summary>Describes what is wrong with the sequence numbers, or null when they are exactly 1..lastSeq in order.</summary>
    public static string? SequenceProblem(IReadOnlyList<TranscriptEntry> entries, long lastSeq)
    {
        if (entries.Count != lastSeq)
            return $"{entries.Count} entries for LastSeq {lastSeq}; missing seqs: {Missing(entries, lastSeq)}";
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Seq != i + 1) return $"entry #{i + 1} has seq {entries[i].Seq}";
        }
        return null;
    }

    private static string Missing(IReadOnlyList<TranscriptEntry> entries, long lastSeq)
    {
        var present = entries.Select(e => e.Seq).ToHashSet();
        var missing = Enumerable.Range(1, (int)Math.Max(0, lastSeq)).Where(s => !present.Contains(s)).Take(20).ToList();
        var duplicates = entries.GroupBy(e => e.Seq).Where(g => g.Count() > 1).Select(g => g.Key).Take(20).ToList();
        return $"[{string.Join(", ", missing)}]; duplicated: [{string.Join(", ", duplicates)}]";
    }
}

public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; throws after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > timeout) throw new TimeoutException($"Not reached within {timeout}: {describe()}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
