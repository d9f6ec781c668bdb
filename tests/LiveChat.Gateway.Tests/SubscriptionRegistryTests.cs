namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Realtime;

/// <summary>
/// Realtime: renewal rounds take only keys whose first grain subscription has finished. A round
/// that reached a grain before the first Subscribe would be answered "lost" and have the watchers
/// told to read again for nothing (a false agentStale, seen in PushRenewalTests under CPU load).
/// </summary>
public sealed class SubscriptionRegistryTests
{
    private static readonly ChatKey Chat = new("chat-1");

    [Fact]
    public void Realtime_a_key_is_renewed_only_once_its_first_subscribe_has_settled()
    {
        var registry = new SubscriptionRegistry();

        Assert.True(registry.Add(Chat, new Watcher("c1", Viewer.Agent("alice"))));
        Assert.Empty(registry.SubscribedKeys());
        // A second watcher while the first Subscribe is on its way does not subscribe again.
        Assert.False(registry.Add(Chat, new Watcher("c2", Viewer.Agent("bob"))));
        Assert.Empty(registry.SubscribedKeys());

        registry.SubscribeSettled(Chat);
        Assert.Equal([Chat], registry.SubscribedKeys());
    }

    [Fact]
    public void Realtime_a_key_watched_again_after_its_last_watcher_left_waits_for_its_new_subscribe()
    {
        var registry = new SubscriptionRegistry();
        registry.Add(Chat, new Watcher("c1", Viewer.Agent("alice")));
        registry.SubscribeSettled(Chat);

        Assert.True(registry.Remove(Chat, "c1"));
        Assert.Empty(registry.SubscribedKeys());
        Assert.True(registry.Add(Chat, new Watcher("c2", Viewer.Agent("bob"))));
        Assert.Empty(registry.SubscribedKeys());
    }
}
