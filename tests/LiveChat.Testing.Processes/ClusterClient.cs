namespace LiveChat.Testing.Processes;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>An Orleans client host; disposing it is bounded, whatever state the cluster is in.</summary>
public sealed class ClusterClient(IHost host) : IAsyncDisposable
{
    public IClusterClient Client { get; } = host.Services.GetRequiredService<IClusterClient>();

    public async ValueTask DisposeAsync() => await ClientHosts.StopAndDisposeAsync(host);
}
