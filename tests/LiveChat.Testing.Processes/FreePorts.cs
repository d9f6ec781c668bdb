namespace LiveChat.Testing.Processes;

using System.Net;
using System.Net.Sockets;

/// <summary>Loopback ports nobody holds right now. Never Orleans' 11111/30000: other processes here may hold them.</summary>
public static class FreePorts
{
    public static int One() => Take(1)[0];

    /// <summary>Distinct ports: every listener is held open until all are chosen, so none repeats.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
