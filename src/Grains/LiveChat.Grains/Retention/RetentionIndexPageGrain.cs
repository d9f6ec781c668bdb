namespace LiveChat.Grains.Retention;

using LiveChat.Grains.Common;

/// <summary>One page of a queue's ended-chat index (E7): at most <see cref="IQueueRetentionGrain.PageCapacity"/> chats, so a chat ending writes a bounded row.</summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed class RetentionIndexPageGrain(
    [PersistentState("retention-page", StorageNames.LiveChat)] IPersistentState<RetentionPageState> page)
    : Grain, IRetentionIndexPageGrain
{
    public async Task<bool> Add(string chatId, DateTimeOffset endedAt)
    {
        if (page.State.Chats.Any(c => c.ChatId == chatId)) return true;
        if (page.State.Chats.Count >= IQueueRetentionGrain.PageCapacity) return false;
        page.State.Chats.Add(new EndedChat(chatId, endedAt));
        await page.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<EndedChat>> Read() => Task.FromResult<IReadOnlyList<EndedChat>>([.. page.State.Chats]);

    public async Task<int> Remove(IReadOnlyList<string> chatIds)
    {
        var removed = page.State.Chats.RemoveAll(c => chatIds.Contains(c.ChatId));
        if (removed == 0) return page.State.Chats.Count;
        // An empty page deletes its row (E8: the index holds chat ids, and nothing is kept for nothing).
        if (page.State.Chats.Count == 0) await page.ClearStateAsync();
        else await page.WriteStateAsync();
        return page.State.Chats.Count;
    }
}
