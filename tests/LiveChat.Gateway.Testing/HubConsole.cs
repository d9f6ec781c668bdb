namespace LiveChat.Gateway.Testing;

using LiveChat.Client;

/// <summary>
/// A console on the client library's <see cref="LiveChatHubClient"/>: its typed pushes recorded,
/// for tests written against the client a customer would use.
/// </summary>
public sealed class HubConsole : IAsyncDisposable
{
    public HubConsole(LiveChatHubClient hub)
    {
        Hub = hub;
        hub.ChatEvent += ChatEvents.Record;
        hub.AgentEvent += AgentEvents.Record;
        hub.QueueFigures += QueueFigures.Record;
        hub.Typing += Typing.Record;
        hub.ChatAccessEnded += ChatAccessEnded.Record;
        hub.QueueWaiting += QueueWaiting.Record;
        hub.QueueAccessEnded += QueueAccessEnded.Record;
        hub.QueueWaitingStale += QueueWaitingStale.Record;
        hub.ChatStale += ChatStale.Record;
        hub.AgentStale += AgentStale.Record;
    }

    public LiveChatHubClient Hub { get; }
    public PushLog<ChatEventMessage> ChatEvents { get; } = new("chatEvent");
    public PushLog<AgentEventMessage> AgentEvents { get; } = new("agentEvent");
    public PushLog<LiveChat.Client.QueueFigures> QueueFigures { get; } = new("queueFigures");
    public PushLog<TypingMessage> Typing { get; } = new("typing");
    public PushLog<ChatAccessEndedMessage> ChatAccessEnded { get; } = new("chatAccessEnded");
    public PushLog<QueueWaitingMessage> QueueWaiting { get; } = new("queueWaiting");
    public PushLog<QueueAccessEndedMessage> QueueAccessEnded { get; } = new("queueAccessEnded");
    public PushLog<QueueWaitingStaleMessage> QueueWaitingStale { get; } = new("queueWaitingStale");
    public PushLog<ChatStaleMessage> ChatStale { get; } = new("chatStale");
    public PushLog<AgentStaleMessage> AgentStale { get; } = new("agentStale");

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
