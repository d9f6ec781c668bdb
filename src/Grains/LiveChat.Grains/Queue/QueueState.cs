namespace LiveChat.Grains.Queue;

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.QueuedChat")]
public sealed record QueuedChat(
    [property: Id(0)] string ChatId,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] string? EndUserName = null,
    [property: Id(3)] string? Preview = null);

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.QueueState")]
public sealed class QueueState
{
    [Id(0)] public QueueDefinition? Definition { get; set; }
    /// <summary>
    /// Where queues stored their agents' cards before <see cref="QueueCardsState"/>: read on
    /// activation when that state is empty, and emptied once the cards are stored there.
    /// </summary>
    [Id(1)] public Dictionary<string, AgentCard> Agents { get; set; } = [];
    /// <summary>Chats waiting for an agent, in arrival order.</summary>
    [Id(2)] public List<QueuedChat> Waiting { get; set; } = [];
    [Id(3)] public HashSet<string> Active { get; set; } = [];
}
