namespace LiveChat.Testing.Processes;

using Microsoft.Extensions.Hosting;

/// <summary>How the Orleans clients of the tests and the load tool are let go.</summary>
internal static class ClientHosts
{
    /// <summary>
    /// Bounded: the silos may be dead, and a client closing towards a dead gateway must not hang a
    /// test. Stopping may then fail; disposing still frees the client.
    /// </summary>
    public static async Task StopAndDisposeAsync(IHost host)
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(cancel.Token);
        }
        catch (Exception)
        {
            // See above: the client is disposed below either way.
        }
        if (host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else host.Dispose();
    }
}
