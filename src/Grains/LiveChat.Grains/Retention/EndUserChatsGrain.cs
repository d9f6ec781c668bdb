namespace LiveChat.Grains.Retention;

using LiveChat.Grains.Common;

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.Retention.EndUserChatsState")]
public sealed class EndUserChatsState
{
    /// <summary>The end user's chats not yet erased, oldest first; at most <see cref="IEndUserChatsGrain.MaxChats"/>.</summary>
    [Id(0)] public List<EndUserChatRef> Chats { get; set; } = [];
}

/// <summary>
/// Every chat of one end user (E3-E7): filled as chats start, emptied as they are erased. Erasing the
/// end user erases each chat and then deletes this index too, so nothing names the person afterwards
/// but the audit trail's digest.
/// </summary>
/// <remarks>
/// Written when a chat starts and read only by an admin's export or erasure, so it does not stay in
/// memory: it deactivates once a registration or removal is stored, and an activation for an admin
/// is collected after a few idle minutes. Kept under Orleans' default collection age (2 hours), every
/// live chat held a second activation (its end user's index) for nothing: the memory scenario
/// measured about 2.5 KB of a waiting chat's 7.7 KB there (issue #16).
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class EndUserChatsGrain(
    [PersistentState("enduser-chats", StorageNames.LiveChat)] IPersistentState<EndUserChatsState> index,
    LiveChatClock clock,
    ILogger<EndUserChatsGrain> logger) : Grain, IEndUserChatsGrain
{
    private string Key => this.GetPrimaryKeyString();

    public async Task Register(EndUserChatRef chat)
    {
        if (index.State.Chats.Any(c => c.ChatId == chat.ChatId)) return;
        if (index.State.Chats.Count >= IEndUserChatsGrain.MaxChats)
            throw Refuse.Conflict(Rules.E7, $"This end user already has {IEndUserChatsGrain.MaxChats} chats kept; a new one starts when older ones are erased by retention.");
        index.State.Chats.Add(chat);
        await index.WriteStateAsync();
        // Stored: the next registration or admin reads it from storage. A call in flight still finishes first.
        DeactivateOnIdle();
    }

    public async Task Forget(string chatId)
    {
        if (index.State.Chats.RemoveAll(c => c.ChatId == chatId) == 0) return;
        if (index.State.Chats.Count == 0) await index.ClearStateAsync();
        else await index.WriteStateAsync();
        DeactivateOnIdle();
    }

    public async Task<EndUserChats> List(string adminId)
    {
        await AdminCheck.Require(GrainFactory, adminId);
        return new EndUserChats([.. index.State.Chats]);
    }

    public async Task<EndUserChats> BeginExport(string adminId)
    {
        await AdminCheck.Require(GrainFactory, adminId);
        EnsureAnyKept();
        var chats = new EndUserChats([.. index.State.Chats]);
        await AdminCheck.Audit(GrainFactory, logger, adminId, RetentionRules.AuditTarget(Key), "ExportEndUser",
            $"Exported {chats.Chats.Count} chats: {Shown(chats.Chats.Select(c => c.ChatId))}.");
        return chats;
    }

    public async Task<ErasureReport> Erase(string adminId)
    {
        await AdminCheck.Require(GrainFactory, adminId);
        EnsureAnyKept();
        // E4: all or nothing. A chat still waiting or active refuses the whole request before anything is erased.
        foreach (var chat in index.State.Chats)
        {
            var info = await GrainFactory.Chat(chat.ChatId).PeekRetention();
            if (info.Started && info.Status != ChatStatus.Ended)
                throw Refuse.Conflict(Rules.E4, $"Chat '{chat.ChatId}' of this end user is {info.Status}; erase once it has ended (nothing was erased).");
        }

        var erased = new List<ChatTombstone>();
        var files = 0;
        try
        {
            foreach (var chat in index.State.Chats.ToList())
            {
                var before = await GrainFactory.Chat(chat.ChatId).PeekRetention();
                if (await GrainFactory.Chat(chat.ChatId).Erase(ErasureReason.Request) is { } tombstone)
                {
                    erased.Add(tombstone);
                    files += before.AttachmentCount;
                }
            }
        }
        catch (Exception error)
        {
            await AdminCheck.Audit(GrainFactory, logger, adminId, RetentionRules.AuditTarget(Key), "EraseEndUser",
                $"Erased {erased.Count} of {index.State.Chats.Count} chats before a failure ({error.GetType().Name}); retry to finish: {Shown(erased.Select(t => t.ChatId))}.", failed: true);
            index.State.Chats.RemoveAll(c => erased.Any(t => t.ChatId == c.ChatId));
            await index.WriteStateAsync();
            throw;
        }

        // The index names the person: its row goes too.
        index.State.Chats.Clear();
        await index.ClearStateAsync();
        await AdminCheck.Audit(GrainFactory, logger, adminId, RetentionRules.AuditTarget(Key), "EraseEndUser",
            $"Erased {erased.Count} chats and {files} attachments: {Shown(erased.Select(t => t.ChatId))}.");
        return new ErasureReport(erased, files, clock.Now);
    }

    /// <summary>Nothing kept of this end user (never seen, or already erased): a 404, so a mistyped id is noticed and nothing is audited.</summary>
    private void EnsureAnyKept()
    {
        if (index.State.Chats.Count == 0)
            throw Refuse.NotFound(Rules.E3, "No chats are kept of this end user (none started, or all erased already).");
    }

    private static string Shown(IEnumerable<string> chatIds)
    {
        var ids = chatIds.ToList();
        return ids.Count == 0 ? "none" : string.Join(", ", ids.Take(20)) + (ids.Count > 20 ? ", …" : "");
    }

}
