namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// A queue's retention (key: queue id, docs/rules.md E1, E7): its policy, the index of its ended
/// chats by end date (pages of at most <see cref="PageCapacity"/> chats), and the sweep that erases
/// the chats whose time has passed, a bounded batch per reminder tick, so it survives restarts.
/// Admin methods take the caller's own agent id and refuse (rule "Admin") anyone but an enabled admin.
/// </summary>
[Alias("LiveChat.Retention.IQueueRetentionGrain")]
public interface IQueueRetentionGrain : IGrainWithStringKey
{
    public const int PageCapacity = 256;
    public const int MinDays = 1;
    public const int MaxDays = 3650;

    [Alias("GetPolicy")] Task<RetentionPolicy> GetPolicy(string adminId);
    /// <summary>Sets the queue's retention in days (E1: 1 to 3650). Audited.</summary>
    [Alias("SetPolicy")] Task<RetentionPolicy> SetPolicy(string adminId, int days);

    /// <summary>
    /// A chat of this queue ends: awaited by the chat before it stores its end, so no ended chat is
    /// missing from the index (a one-way notice could be lost with a silo). Never calls the chat.
    /// </summary>
    [Alias("ChatEnded")] Task ChatEnded(string chatId, DateTimeOffset endedAt);

    /// <summary>One bounded sweep now: what the reminder runs every tick.</summary>
    [Alias("Sweep")] Task<SweepResult> Sweep();
}

/// <summary>One page of a queue's ended-chat index (key: "queueId/page"), at most <see cref="IQueueRetentionGrain.PageCapacity"/> chats.</summary>
[Alias("LiveChat.Retention.IRetentionIndexPageGrain")]
public interface IRetentionIndexPageGrain : IGrainWithStringKey
{
    /// <summary>Adds the chat unless the page is full (false: open a new page). Adding it again is harmless.</summary>
    [Alias("Add")] Task<bool> Add(string chatId, DateTimeOffset endedAt);
    [Alias("Read")] Task<IReadOnlyList<EndedChat>> Read();
    /// <summary>Removes the chats; a page left empty deletes its row. Answers how many remain.</summary>
    [Alias("Remove")] Task<int> Remove(IReadOnlyList<string> chatIds);
}

/// <summary>An entry of the ended-chat index.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.EndedChat")]
public sealed record EndedChat(
    [property: Id(0)] string ChatId,
    [property: Id(1)] DateTimeOffset EndedAt);

/// <summary>
/// Every chat of one end user (key: <see cref="EndUserKeys"/>, docs/rules.md E3-E7): the
/// index an erasure (art. 17) or export (art. 15) request reads, bounded at <see cref="MaxChats"/>.
/// </summary>
[Alias("LiveChat.Retention.IEndUserChatsGrain")]
public interface IEndUserChatsGrain : IGrainWithStringKey
{
    public const int MaxChats = 1000;

    /// <summary>A chat of this end user starts (before it stores its start): refused (E7) when the index is full.</summary>
    [Alias("Register")] Task Register(EndUserChatRef chat);
    /// <summary>The chat was erased (by its queue's retention): it leaves the index.</summary>
    [OneWay, Alias("Forget")] Task Forget(string chatId);

    [Alias("List")] Task<EndUserChats> List(string adminId);
    /// <summary>The chats to export (E5), recorded in the audit trail (E6) before the export streams.</summary>
    [Alias("BeginExport")] Task<EndUserChats> BeginExport(string adminId);
    /// <summary>Erases every chat of the end user and this index (E3); refused (E4) while one is waiting or active. Audited (E6).</summary>
    [Alias("Erase")] Task<ErasureReport> Erase(string adminId);
}

/// <summary>
/// The attachment files of erased chats that the attachment store must still delete (one grain,
/// key <see cref="Key"/>, E8): the gateway, which holds the store, drains it. Bounded at <see cref="MaxPending"/>.
/// </summary>
[Alias("LiveChat.Retention.IAttachmentErasureGrain")]
public interface IAttachmentErasureGrain : IGrainWithStringKey
{
    public const string Key = "attachments";
    public const int MaxPending = 10_000;

    /// <summary>Refused (E7) when it would hold more than <see cref="MaxPending"/>: the erasure waits and is retried.</summary>
    [Alias("Enqueue")] Task Enqueue(IReadOnlyList<AttachmentToErase> files);
    [Alias("Peek")] Task<IReadOnlyList<AttachmentToErase>> Peek(int max);
    /// <summary>The store deleted these files.</summary>
    [Alias("Done")] Task Done(IReadOnlyList<AttachmentToErase> files);
}

/// <summary>
/// The admin's entry to data-protection requests (stateless, key <see cref="Key"/>, E3-E6): checks
/// the caller and the subject, then asks the subject's <see cref="IEndUserChatsGrain"/>.
/// </summary>
[Alias("LiveChat.Retention.IDataProtectionGrain")]
public interface IDataProtectionGrain : IGrainWithStringKey
{
    public const string Key = "data-protection";

    [Alias("ListChats")] Task<EndUserChats> ListChats(string adminId, DataSubject subject);
    [Alias("BeginExport")] Task<EndUserChats> BeginExport(string adminId, DataSubject subject);
    [Alias("Erase")] Task<ErasureReport> Erase(string adminId, DataSubject subject);
}

/// <summary>The key of an end user's <see cref="IEndUserChatsGrain"/>: an identified visitor by site and customer id, else the anonymous end user by its id.</summary>
public static class EndUserKeys
{
    public static string Of(EndUserInfo endUser) => endUser.Verified is { } v
        ? Visitor(v.SiteId, v.CustomerId)
        : Anonymous(endUser.EndUserId);

    // The site id's length first, so no site and customer pair reads as another ("a/b" + "c" vs "a" + "b/c").
    public static string Visitor(string siteId, string customerId) => $"visitor/{siteId.Length}:{siteId}/{customerId}";
    public static string Anonymous(string endUserId) => $"enduser/{endUserId}";
}
