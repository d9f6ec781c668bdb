namespace LiveChat.Grains.Tests;

using LiveChat.Testing;

/// <summary>The tests of this project share one cluster; each builds its own queues, agents and chats.</summary>
[CollectionDefinition(Name)]
public sealed class LiveChatCollection : ICollectionFixture<LiveChatCluster>
{
    public const string Name = "LiveChat cluster";
}
