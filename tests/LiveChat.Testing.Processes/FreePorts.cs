namespace LiveChat.Testing.Processes;

using System.Net;
using System.Net.Sockets;

/// <summary>Loopback ports nobody holds right now. Never Orleans' 11111/30000: other processes here may hold them.</summary>
public static class FreePorts
{
    // Every port handed out in this process. A port is free again as soon as its probe listener
    // closes, so a second call could get the port a first caller has not bound yet (three silos
    // configured before any starts got the same silo port once: a silo binds a busy port without
    // error, and Orleans then took one silo for an older clone of the other and killed it).
    private static readonly HashSet<int> HandedOut = [];

    public static int One() => Take(1)[0];

    /// <summary>Distinct ports, none handed out before in this process, none of Orleans' defaults.</summary>
    public static int[] Take(int count)
    {
        lock (HandedOut)
        {
            var chosen = new List<int>(count);
            var listeners = new List<TcpListener>();
            try
            {
                // Every probe listener stays open until all are chosen, so the OS never repeats one here.
                while (chosen.Count < count)
                {
                    if (listeners.Count > count + 1000) throw new InvalidOperationException("No fresh loopback port left.");
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    listeners.Add(listener);
                    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    if (port is 11111 or 30000 || !HandedOut.Add(port)) continue;
                    chosen.Add(port);
                }
                return [.. chosen];
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }
    }
}
