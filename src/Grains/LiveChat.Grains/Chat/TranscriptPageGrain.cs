namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.TranscriptPageState")]
public sealed class TranscriptPageState
{
    [Id(0)] public List<TranscriptEntry> Entries { get; set; } = [];
}

public sealed class TranscriptPageGrain(
    [PersistentState("transcript-page", StorageNames.LiveChat)] IPersistentState<TranscriptPageState> page)
    : Grain, ITranscriptPageGrain
{
    public async Task Store(IReadOnlyList<TranscriptEntry> entries)
    {
        page.State.Entries = [.. entries];
        await page.WriteStateAsync();
    }

    public Task<IReadOnlyList<TranscriptEntry>> Read() => Task.FromResult<IReadOnlyList<TranscriptEntry>>(page.State.Entries);
}
