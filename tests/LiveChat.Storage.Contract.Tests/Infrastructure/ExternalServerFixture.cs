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

    /// <summary>Why the tests cannot run here, or null when the server is up.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The loopback port of the running server.</summary>
    public int Port => (_server ?? throw new InvalidOperationException("The server is not running.")).Port;

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

    public async Task InitializeAsync()
    {
        var program = FindProgram();
        if (program is null)
        {
            var message = $"{ServerName} is not installed, so these tests cannot run. Install it with {InstallHint}.";
            if (TestEnvironment.IsCi) throw new InvalidOperationException($"CI=true and {message}");
            SkipReason = message;
            return;
        }

        _folder = Path.Combine(Path.GetTempPath(), "livechat-contract-tests", $"{ServerName}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _server = await ServerProcess.StartAsync(program, port => Arguments(port, _folder), _folder, IsReadyAsync, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_folder is not null && Directory.Exists(_folder))
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying process: the temp folder is cleaned by the OS later.
            }
        }
    }
}
