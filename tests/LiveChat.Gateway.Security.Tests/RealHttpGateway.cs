namespace LiveChat.Gateway.Security.Tests;

/// <summary>A real gateway on Kestrel (loopback ports), limits high: for bodies, headers and ports.</summary>
public sealed class RealHttpGateway : IAsyncLifetime
{
    public GatewayFactory Gateway { get; } = new() { RealHttp = true };

    public Task InitializeAsync() => Gateway.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)Gateway).DisposeAsync();
}
