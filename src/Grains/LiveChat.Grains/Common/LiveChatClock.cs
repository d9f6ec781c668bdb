namespace LiveChat.Grains.Common;

/// <summary>
/// The time the product rules see (invite expiry, waiting times, join times). A wrapper of its
/// own so tests can drive it with a fake clock without also freezing Orleans' internal timers.
/// </summary>
public sealed class LiveChatClock(TimeProvider time)
{
    public static LiveChatClock System { get; } = new(TimeProvider.System);

    public DateTimeOffset Now => time.GetUtcNow();
}
