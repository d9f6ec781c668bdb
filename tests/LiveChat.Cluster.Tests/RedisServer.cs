namespace LiveChat.Cluster.Tests;

/// <summary>
/// The tests' own redis-server (<see cref="RedisProcess"/>: free loopback port, append-only, fsync
/// always), one for the whole test run (<see cref="RedisCollection"/>); each test uses a ServiceId and
/// ClusterId of its own, so its keys are apart from the others'.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private RedisProcess? _process;

    public string ConnectionString => _process?.ConnectionString ?? throw new InvalidOperationException(Missing);
    /// <summary>Why the server is not there (redis-server is not installed), or null when it runs.</summary>
    public string? Missing { get; private set; }

    public async Task InitializeAsync()
    {
        if (RedisProcess.FindExecutable() is null)
        {
            Missing = RedisProcess.NotInstalled;
            return;
        }
        _process = await RedisProcess.StartAsync();
    }

    /// <summary>Fails (CI=true) or skips (elsewhere) a test when redis-server is not installed.</summary>
    public void EnsureAvailable()
    {
        if (Missing is null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true and {Missing} The cluster tests need it: run scripts/install-redis.sh before the tests.");
        Skip.If(true, $"Skipped: {Missing}");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
