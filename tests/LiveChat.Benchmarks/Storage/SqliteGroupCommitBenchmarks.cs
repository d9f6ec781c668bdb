namespace LiveChat.Benchmarks.Storage;

using BenchmarkDotNet.Attributes;
using LiveChat.Benchmarks.Serialization;
using LiveChat.Grains.Chat;
using LiveChat.Storage.Sqlite;

/// <summary>
/// The SQLite grain storage's write path with durable commits (synchronous=FULL: an fsync per
/// commit). Its single writer commits whatever queued up during the previous commit in one
/// transaction (group commit); this measures what that buys when many grains write at once.
/// </summary>
/// <remarks>
/// The database is a temporary file. Where the temp folder is a tmpfs, fsync costs nothing and
/// the ratio shrinks towards what batching saves in SQLite alone; on a disk it shows the fsyncs.
/// </remarks>
[MemoryDiagnoser]
public class SqliteGroupCommitBenchmarks
{
    /// <summary>The load test's in-flight message count: what a busy silo has queued at once.</summary>
    private const int Writes = 64;
    private const string StateName = "chat";

    private string _folder = "";
    private SqliteGrainStorage _storage = null!;
    private GrainId[] _grains = [];
    private GrainState<ChatState>[] _states = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("livechat-bench-").FullName;
        _storage = new SqliteGrainStorage(
            "bench",
            new SqliteGrainStorageOptions { DatabasePath = Path.Combine(_folder, "grains.db"), Synchronous = SqliteSynchronousMode.Full },
            StorageSerializer.Create());
        _grains = [.. Enumerable.Range(0, Writes).Select(i => GrainId.Create("chat", $"bench-{i}"))];
        // A chat in mid-page, as most writes are; each state object keeps its grain's ETag between writes.
        _states = [.. Enumerable.Range(0, Writes).Select(_ => new GrainState<ChatState>(ChatStates.Active(tail: 32)))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Baseline: each write waits for the previous one, so each is its own commit and fsync.</summary>
    [Benchmark(Baseline = true)]
    public async Task Sequential()
    {
        for (var i = 0; i < Writes; i++)
        {
            await _storage.WriteStateAsync(StateName, _grains[i], _states[i]);
        }
    }

    /// <summary>All writes in flight together, as from 64 grains: they share a few commits.</summary>
    [Benchmark]
    public Task Concurrent()
    {
        var writes = new Task[Writes];
        for (var i = 0; i < Writes; i++)
        {
            writes[i] = _storage.WriteStateAsync(StateName, _grains[i], _states[i]);
        }
        return Task.WhenAll(writes);
    }
}
