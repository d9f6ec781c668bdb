namespace LiveChat.Grains.Queue;

/// <summary>
/// A queue's agent cards as stored: one list, serialized by the queue off its own turn. Serializing
/// the cards of a 10,000-agent queue takes milliseconds, and searches waiting behind that turn
/// showed it in their p99; apart from <see cref="QueueState"/>, a chat arriving or leaving no
/// longer rewrites every card either.
/// </summary>
[GenerateSerializer, Alias("LiveChat.QueueCardsState")]
public sealed class QueueCardsState
{
    /// <summary>The cards (a <c>List&lt;AgentCard&gt;</c> in Orleans' serialization format); null before the first save.</summary>
    [Id(0)] public byte[]? Cards { get; set; }
}
