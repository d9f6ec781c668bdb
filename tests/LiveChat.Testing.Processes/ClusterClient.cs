namespace LiveChat.Testing.Processes;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>An Orleans client host; disposing it is bounded, whatever state the cluster is in.</summary>
public sealed class ClusterClient(IHost host) : IAsyncDisposable
{
    public IClusterClient Client { get; } = host.Services.GetRequiredService<IClusterClient>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(cancel.Token);
        }
        catch (Exception)
        {
            // Stopping towards a cluster that is gone may fail; disposing still frees the client.
        }
        if (host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else host.Dispose();
    }
}
