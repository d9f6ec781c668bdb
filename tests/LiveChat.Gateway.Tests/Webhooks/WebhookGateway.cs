namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>
/// A gateway for webhook tests, its settings in place before it starts: receivers on loopback over
/// http (the switch W3 names), routes read on every event, and the class's own delivery timings.
/// </summary>
public abstract class WebhookGateway(IReadOnlyDictionary<string, string> timings) : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        Factory.Settings["LiveChat:Webhooks:AllowPrivateTargets"] = "true";
        Factory.Settings["LiveChat:Webhooks:RouteCacheTtl"] = "00:00:00";
        foreach (var (key, value) in timings) Factory.Settings[$"LiveChat:Webhooks:{key}"] = value;
        await ((IAsyncLifetime)Factory).InitializeAsync();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
