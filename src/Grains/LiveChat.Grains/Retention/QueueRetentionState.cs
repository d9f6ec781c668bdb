namespace LiveChat.Grains.Retention;

/// <summary>
/// A queue's retention head (state <c>retention</c>): its policy and the ids of its index pages,
/// oldest ended chats first. Rewritten only when the policy changes or a page is opened or dropped.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.Retention.QueueRetentionState")]
public sealed class QueueRetentionState
{
    /// <summary>The queue's own retention; null: the deployment's default.</summary>
    [Id(0)] public int? Days { get; set; }
    [Id(1)] public List<int> Pages { get; set; } = [];
    [Id(2)] public int NextPageId { get; set; }
    [Id(3)] public long Erased { get; set; }
    [Id(4)] public DateTimeOffset? LastSweepAt { get; set; }
}

/// <summary>One page of the index (state <c>retention-page</c>), in the order chats ended.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.Retention.RetentionPageState")]
public sealed class RetentionPageState
{
    [Id(0)] public List<EndedChat> Chats { get; set; } = [];
}
