namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.TranscriptPageState")]
public sealed class TranscriptPageState
{
    [Id(0)] public List<TranscriptEntry> Entries { get; set; } = [];
}

/// <summary>
/// One sealed page of a transcript. A chat seals a page every <see cref="TranscriptPaging.PageSize"/>
/// entries, so a silo carrying n messages/s activates n/16 pages/s; under Orleans' default
/// collection age (2 hours) each would stay in memory that long and a silo's memory would grow with
/// every message it carries (the soak measured it). So a page deactivates as soon as it is stored
/// (readers of recent messages read the chat's tail, not pages), and a page activated by a reader
/// (history, a replayed command) is collected after a few idle minutes.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class TranscriptPageGrain(
    [PersistentState("transcript-page", StorageNames.LiveChat)] IPersistentState<TranscriptPageState> page)
    : Grain, ITranscriptPageGrain
{
    public async Task Store(IReadOnlyList<TranscriptEntry> entries)
    {
        page.State.Entries = [.. entries];
        await page.WriteStateAsync();
        // Stored: the next read loads it from storage. A read in flight still finishes first.
        DeactivateOnIdle();
    }

    public async Task Erase()
    {
        // ClearStateAsync: every storage provider deletes the row, not just empties it (E8).
        await page.ClearStateAsync();
        page.State.Entries = [];
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<TranscriptEntry>> Read() => Task.FromResult<IReadOnlyList<TranscriptEntry>>(page.State.Entries);
}
