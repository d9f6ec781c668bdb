namespace LiveChat.Storage.Contract.Tests.Infrastructure;

/// <summary>
/// A server binary the tests start themselves (redis-server, Azurite). When the binary is
/// missing, the tests using the fixture are skipped with a message naming the install script,
/// except under CI=true, where the fixture fails them all with that message.
/// </summary>
public abstract class ExternalServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;
    private string? _folder;
    private int? _runningPort;

    /// <summary>Why the tests cannot run here, or null when the server is up.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The loopback port of the running server.</summary>
    public int Port => _runningPort ?? (_server ?? throw new InvalidOperationException("The server is not running.")).Port;

    /// <summary>Skips the calling test (via SkipException) when the server binary is not installed here.</summary>
    public void EnsureAvailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>Name shown in messages, e.g. "redis-server".</summary>
    protected abstract string ServerName { get; }

    /// <summary>How to install the server, shown in messages.</summary>
    protected abstract string InstallHint { get; }

    /// <summary>Full path of the server binary, or null when it is not installed.</summary>
    protected abstract string? FindProgram();

    protected abstract IEnumerable<string> Arguments(int port, string dataFolder);

    protected virtual Task<bool> IsReadyAsync(int port, CancellationToken cancellationToken) =>
        ServerProcess.AcceptsConnectionsAsync(port, cancellationToken);

    /// <summary>
    /// True when every fixture of this server in the test process may use one process. Azurite (a
    /// node program) takes seconds of CPU to start; nine test classes each starting their own at
    /// once kept one from listening within 30 s on a loaded CI machine. Its tests use a table or
    /// container of their own, so one server each for table and blob serves them all.
    /// </summary>
    protected virtual bool Shared => false;

    /// <summary>
    /// The port of a server already running for the whole test run (scripts/test.sh starts the
    /// Azurite servers before any test process loads the machine), or null to start one here.
    /// </summary>
    protected virtual int? RunningPort => null;

    public async Task InitializeAsync()
    {
        if (RunningPort is { } port)
        {
            _runningPort = port;
            return;
        }

        var program = FindProgram();
        if (program is null)
        {
            var message = $"{ServerName} is not installed, so these tests cannot run. Install it with {InstallHint}.";
            if (TestEnvironment.IsCi) throw new InvalidOperationException($"CI=true and {message}");
            SkipReason = message;
            return;
        }

        if (Shared)
        {
            _server = await SharedServers.AcquireAsync(ServerName, () => StartAsync(program));
            return;
        }

        (_server, _folder) = await StartAsync(program);
    }

    private async Task<(ServerProcess Server, string Folder)> StartAsync(string program)
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-contract-tests", $"{ServerName}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var server = await ServerProcess.StartAsync(program, port => Arguments(port, folder), folder, IsReadyAsync, TimeSpan.FromSeconds(30));
        return (server, folder);
    }

    public async Task DisposeAsync()
    {
        if (_server is null) return;
        if (Shared)
        {
            await SharedServers.ReleaseAsync(ServerName);
            return;
        }

        await StopAsync(_server, _folder);
    }

    internal static async Task StopAsync(ServerProcess server, string? folder)
    {
        await server.DisposeAsync();
        if (folder is not null && Directory.Exists(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying process: the temp folder is cleaned by the OS later.
            }
        }
    }

    /// <summary>One process per server name, started by the first fixture and stopped with the last.</summary>
    private static class SharedServers
    {
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static readonly Dictionary<string, (ServerProcess Server, string Folder, int Users)> Running = new(StringComparer.Ordinal);

        public static async Task<ServerProcess> AcquireAsync(string name, Func<Task<(ServerProcess Server, string Folder)>> start)
        {
            await Gate.WaitAsync();
            try
            {
                if (!Running.TryGetValue(name, out var entry) || entry.Server.HasExited)
                {
                    var (server, folder) = await start();
                    entry = (server, folder, 0);
                }

                Running[name] = entry with { Users = entry.Users + 1 };
                return entry.Server;
            }
            finally
            {
                Gate.Release();
            }
        }

        public static async Task ReleaseAsync(string name)
        {
            await Gate.WaitAsync();
            try
            {
                if (!Running.TryGetValue(name, out var entry)) return;
                if (entry.Users > 1)
                {
                    Running[name] = entry with { Users = entry.Users - 1 };
                    return;
                }

                Running.Remove(name);
                await StopAsync(entry.Server, entry.Folder);
            }
            finally
            {
                Gate.Release();
            }
        }
    }
}
