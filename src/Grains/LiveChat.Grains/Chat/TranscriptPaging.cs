namespace LiveChat.Grains.Chat;

/// <summary>Where transcript entries live: page p holds sequence numbers p*PageSize+1 .. (p+1)*PageSize.</summary>
public static class TranscriptPaging
{
    public const int PageSize = 64;

    public static int PageOf(long seq) => (int)((seq - 1) / PageSize);

    public static string PageKey(string chatId, int page) => $"{chatId}/{page}";
}
