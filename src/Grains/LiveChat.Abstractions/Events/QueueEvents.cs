namespace LiveChat.Events;

using LiveChat.Model;

/// <summary>What happened to a queue's waiting list (Q2).</summary>
[GenerateSerializer, Alias("LiveQueues.WaitingChange")]
public enum WaitingChange
{
    /// <summary>A chat started waiting (started, released, transferred in, or told again after a restart).</summary>
    Arrived,
    /// <summary>A chat stopped waiting: taken by an agent, assigned, ended or moved to another queue.</summary>
    Left,
}

/// <summary>
/// One change of a queue's waiting list, pushed live to the consoles of the queue's agents and
/// supervisors (Q1, Q2). Bounded whatever the queue holds: it names the one chat that changed and
/// the number waiting in all, and carries the first <see cref="QueueWaitingView.HeadSize"/> waiting
/// chats only when the change touched them (null otherwise: the console keeps what it shows).
/// <see cref="Seq"/> counts the list's changes within one activation of the queue
/// (<see cref="Epoch"/>): a console that sees another epoch, or a gap in the numbers, reads the
/// list again (<c>WatchWaiting</c>).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveQueues.QueueWaitingEvent")]
public sealed record QueueWaitingEvent(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long Seq,
    [property: Id(3)] WaitingChange Change,
    [property: Id(4)] string ChatId,
    [property: Id(5)] int Total,
    [property: Id(6)] IReadOnlyList<WaitingChat>? Head);
