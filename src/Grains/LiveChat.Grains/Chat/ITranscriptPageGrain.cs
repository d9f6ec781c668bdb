namespace LiveChat.Grains.Chat;

/// <summary>One full page of a chat's transcript (key: "chatId/page"). Written once, read many times.</summary>
[Alias("LiveChat.ITranscriptPageGrain")]
public interface ITranscriptPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page; repeating it with the same entries is harmless.</summary>
    [Alias("Store")] Task Store(IReadOnlyList<TranscriptEntry> entries);
    /// <summary>Deletes the page's row (E2, E8): its chat is being erased.</summary>
    [Alias("Retention.Erase")] Task Erase();
    [AlwaysInterleave, Alias("Read")] Task<IReadOnlyList<TranscriptEntry>> Read();
}
