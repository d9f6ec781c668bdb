namespace LiveChat.Grains.Chat;

/// <summary>
/// Where transcript entries live: with page size n, page p holds sequence numbers p*n+1 .. (p+1)*n.
/// Each chat records the page size it started with, so changing it never misplaces stored entries.
/// </summary>
public static class TranscriptPaging
{
    /// <summary>
    /// The page size of chats started now. Every message rewrites the chat's open tail (up to this
    /// many entries), so the size trades message cost against page grains per transcript read:
    /// at 64 the tail's serialization was a fifth of the message path's CPU (perf profile).
    /// </summary>
    public const int PageSize = 16;

    /// <summary>The page size of chats stored before the size was recorded in their state.</summary>
    public const int LegacyPageSize = 64;

    public static int PageOf(long seq, int pageSize) => (int)((seq - 1) / pageSize);

    public static string PageKey(string chatId, int page) => $"{chatId}/{page}";
}
