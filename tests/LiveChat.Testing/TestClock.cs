namespace LiveChat.Testing;

using LiveChat.Grains.Common;
using Microsoft.Extensions.Time.Testing;

/// <summary>The product clock under a test's control: invite expiry (R14) and waiting times move when the test says.</summary>
public sealed class TestClock
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    public LiveChatClock Clock { get; }

    public TestClock() => Clock = new LiveChatClock(Time);

    public DateTimeOffset Now => Time.GetUtcNow();

    public void Advance(TimeSpan by) => Time.Advance(by);
}
