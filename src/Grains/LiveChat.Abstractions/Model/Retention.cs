namespace LiveChat.Model;

// Retention and erasure (docs/rules.md E1-E10): ended chats are erased when their queue's retention
// has passed, or on an admin's request for one end user (GDPR art. 17), after an export (art. 15).

/// <summary>Why a chat was erased.</summary>
[GenerateSerializer, Alias("LiveChat.Retention.ErasureReason")]
public enum ErasureReason
{
    // Its queue's retention period passed since it ended (E1).
    Retention,
    // An admin erased every chat of its end user on request (E3).
    Request,
}

/// <summary>
/// What an erased chat leaves behind (E2): its id, queue and dates, and why it went; no name, no
/// text, no file. Every read of the chat answers "erased" instead of its content.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.ChatTombstone")]
public sealed record ChatTombstone(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? EndedAt,
    [property: Id(4)] DateTimeOffset ErasedAt,
    [property: Id(5)] ErasureReason Reason);

/// <summary>Where a chat stands for retention: the sweep and an erasure request ask before they erase.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.ChatRetentionInfo")]
public sealed record ChatRetentionInfo(
    [property: Id(0)] bool Started,
    [property: Id(1)] ChatStatus Status,
    [property: Id(2)] DateTimeOffset? EndedAt,
    [property: Id(3)] ChatTombstone? Tombstone,
    [property: Id(4)] int AttachmentCount = 0,
    // Who the chat's end user is (name, verified identity): for an export (E5), never for erased chats.
    [property: Id(5)] EndUserInfo? EndUser = null);

/// <summary>A queue's retention (E1): ended chats are erased this many days after they ended.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.RetentionPolicy")]
public sealed record RetentionPolicy(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Days,
    // True when the queue never set its own and Days is the deployment's default.
    [property: Id(2)] bool IsDefault,
    // Pages of the queue's index of ended chats waiting for their time to pass (each at most 256 chats).
    [property: Id(3)] int IndexPages,
    // Chats the sweep erased in this queue so far.
    [property: Id(4)] long ErasedChats,
    [property: Id(5)] DateTimeOffset? LastSweepAt);

/// <summary>What one sweep tick did (E1, E7): at most the batch size of erasures.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.SweepResult")]
public sealed record SweepResult(
    [property: Id(0)] int Erased,
    // True when more chats are due than one tick may erase: the next tick goes on.
    [property: Id(1)] bool MoreDue);

/// <summary>
/// Who a data-protection request is about (E3): an identified visitor by the host website's site id
/// and customer id, or an anonymous end user by the end-user id its chat token carries.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.DataSubject")]
public sealed record DataSubject(
    [property: Id(0)] string? SiteId = null,
    [property: Id(1)] string? CustomerId = null,
    [property: Id(2)] string? EndUserId = null);

/// <summary>One chat of an end user, as its end user's index lists it.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.EndUserChatRef")]
public sealed record EndUserChatRef(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string EndUserId,
    [property: Id(2)] string QueueId,
    [property: Id(3)] DateTimeOffset StartedAt);

/// <summary>The chats an end user has (erased ones are gone from the list).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.EndUserChats")]
public sealed record EndUserChats(
    [property: Id(0)] IReadOnlyList<EndUserChatRef> Chats);

/// <summary>What an erasure request did (E3): the chats erased, with their tombstones, and the files handed to the attachment store to delete.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.ErasureReport")]
public sealed record ErasureReport(
    [property: Id(0)] IReadOnlyList<ChatTombstone> Erased,
    [property: Id(1)] int Attachments,
    [property: Id(2)] DateTimeOffset ErasedAt);

/// <summary>An attachment whose bytes the attachment store must delete (its chat was erased).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.Retention.AttachmentToErase")]
public sealed record AttachmentToErase(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string AttachmentId);
