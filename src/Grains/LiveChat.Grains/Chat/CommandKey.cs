namespace LiveChat.Grains.Chat;

/// <summary>
/// One remembered idempotency key. Neither the key nor the request is stored, only digests:
/// <paramref name="Key"/> of the caller and its key (so one caller can never replay another's),
/// <paramref name="Request"/> of the operation and its arguments (the same key with another
/// request is refused). The result is found again by <paramref name="ResultId"/> (ticket, remote
/// access request, invite) or by <paramref name="Seq"/> (the transcript entry it appended).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.CommandKey")]
public sealed record CommandKey(
    [property: Id(0)] string Key,
    [property: Id(1)] string Request,
    [property: Id(2)] string? ResultId,
    [property: Id(3)] long Seq,
    [property: Id(4)] DateTimeOffset At);
