namespace LiveChat.Cluster.Tests;

/// <summary>
/// The tests' own azurite-table (<see cref="AzuriteProcess"/>: free loopback port, in memory), one for the
/// test class; each cluster uses tables of its own.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    private AzuriteProcess? _process;

    public string ConnectionString => _process?.ConnectionString ?? throw new InvalidOperationException(Missing);
    /// <summary>Why the server is not there (Azurite is not installed), or null when it runs.</summary>
    public string? Missing { get; private set; }

    public async Task InitializeAsync()
    {
        if (AzuriteProcess.FindExecutable() is null)
        {
            Missing = AzuriteProcess.NotInstalled;
            return;
        }
        _process = await AzuriteProcess.StartAsync();
    }

    /// <summary>Fails (CI=true) or skips (elsewhere) a test when Azurite is not installed.</summary>
    public void EnsureAvailable()
    {
        if (Missing is null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true and {Missing} The Azure cluster test needs it: run scripts/install-azurite.sh before the tests.");
        Skip.If(true, $"Skipped: {Missing}");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
