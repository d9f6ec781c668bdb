namespace LiveChat.Grains.Queue;

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.QueuedChat")]
public sealed record QueuedChat(
    [property: Id(0)] string ChatId,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] string? EndUserName = null,
    [property: Id(3)] string? Preview = null,
    // Which of two stored copies is newer: a chat moving between the waiting and the active list
    // is written to the list it joins before the one it leaves, so a crash between the two leaves
    // it in both and the higher stamp wins on the next activation. 0: stored before stamps.
    [property: Id(4)] long Stamp = 0,
    // O3: a message left for the queue: listed for its agents, never assigned automatically, never asked whether its end user has gone.
    [property: Id(140)] bool Offline = false,
    // Q3: an active chat's dashboard card, as the chat last told it (null while waiting, or until told).
    [property: Id(100)] ActiveChatCard? Card = null);

/// <summary>
/// The queue's head: its settings and where its chats are stored. The chats themselves live in
/// <see cref="QueueSegmentState"/> rows of at most <see cref="SegmentedChatList.SegmentCapacity"/>
/// entries each, so a chat arriving or leaving writes one segment (and this head only when a
/// segment is added or dropped), however many chats wait.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.QueueState")]
public sealed class QueueState
{
    [Id(0)] public QueueDefinition? Definition { get; set; }
    /// <summary>
    /// Where queues stored their agents' cards before <see cref="QueueCardsState"/>: read on
    /// activation when that state is empty, and emptied once the cards are stored there.
    /// </summary>
    [Id(1)] public Dictionary<string, AgentCard> Agents { get; set; } = [];
    /// <summary>
    /// Where queues stored their waiting chats (in arrival order) before segments: moved into
    /// segments on activation, then emptied in the same head write that names the segments.
    /// </summary>
    [Id(2)] public List<QueuedChat> Waiting { get; set; } = [];
    /// <summary>Where queues stored their active chats before segments; moved like <see cref="Waiting"/>.</summary>
    [Id(3)] public HashSet<string> Active { get; set; } = [];
    /// <summary>The waiting list's segment ids, oldest chats first.</summary>
    [Id(4)] public List<int> WaitingSegments { get; set; } = [];
    /// <summary>The active list's segment ids, in the order chats became active.</summary>
    [Id(5)] public List<int> ActiveSegments { get; set; } = [];
    /// <summary>The id the next new segment gets (ids are never reused).</summary>
    [Id(6)] public int NextSegmentId { get; set; }
}

/// <summary>One stored segment of a queue's waiting or active list (state name <c>queue-waiting-N</c> / <c>queue-active-N</c>).</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.QueueSegmentState")]
public sealed class QueueSegmentState
{
    /// <summary>In list order; never more than <see cref="SegmentedChatList.SegmentCapacity"/>.</summary>
    [Id(0)] public List<QueuedChat> Entries { get; set; } = [];
}
