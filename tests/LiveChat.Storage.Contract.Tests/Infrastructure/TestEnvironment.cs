using System.Net;
using System.Net.Sockets;

namespace LiveChat.Storage.Contract.Tests.Infrastructure;

/// <summary>Where the external servers are, whether this is CI, and free loopback ports.</summary>
public static class TestEnvironment
{
    /// <summary>CI=true: a missing server binary fails the tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding LiveChat.Orleans.sln (found upwards from the test binaries).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    // Every port handed out in this process: a port is free again once its probe closes, so a later
    // call could return one a first caller has not bound yet (two servers on one port).
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback port nobody listens on right now and never handed out before in this process: the
    /// OS picks it for a listener bound to port 0, which is closed again. Orleans' well-known ports
    /// are never handed out.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; ; attempt++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (port is not (11111 or 30000) && HandedOut.Add(port)) return port;
                if (attempt > 1000) throw new InvalidOperationException("No fresh loopback port left.");
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LiveChat.Orleans.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException($"LiveChat.Orleans.sln not found above {AppContext.BaseDirectory}.");
    }
}
