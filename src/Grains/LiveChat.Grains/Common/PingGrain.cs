namespace LiveChat.Grains.Common;

/// <summary>An empty grain call: stateless, so every silo answers it locally.</summary>
[StatelessWorker]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping() => Task.CompletedTask;
}
