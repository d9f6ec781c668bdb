namespace LiveChat.Storage.Tests;

using Orleans.Storage;
using static LiveChat.Storage.Tests.StorageHarness;

/// <summary>Many callers at once: the single writer must keep every acknowledged write and every ETag check.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Concurrent_writers_to_different_grains_all_succeed_and_are_readable()
    {
        const int grains = 400;
        var states = Enumerable.Range(0, grains).Select(i => Counter(i)).ToArray();
        await using (var storage = Create(_db))
        {
            // Started together so they queue up behind each other's commits and get batched.
            await Task.WhenAll(states.Select((state, i) => Task.Run(() => storage.WriteStateAsync("s", Grain($"g{i}"), state))));
        }

        Assert.Equal(grains, states.Select(s => s.ETag).Distinct().Count());
        await using var reader = Create(_db);
        for (var i = 0; i < grains; i++)
        {
            var read = await ReadAsync<CounterState>(reader, "s", Grain($"g{i}"));
            Assert.True(read.RecordExists);
            Assert.Equal(i, read.State.Count);
            Assert.Equal(states[i].ETag, read.ETag);
        }
    }

    [Fact]
    public async Task Concurrent_writers_to_one_grain_with_the_same_etag_exactly_one_wins()
    {
        const int writers = 32;
        var grain = Grain("contended");
        await using var storage = Create(_db);
        var initial = Counter(0);
        await storage.WriteStateAsync("s", grain, initial);

        var attempts = Enumerable.Range(1, writers).Select(i => Counter(i, initial.ETag)).ToArray();
        var results = await Task.WhenAll(attempts.Select(state => Task.Run(async () =>
        {
            try
            {
                await storage.WriteStateAsync("s", grain, state);
                return (Won: true, State: state);
            }
            catch (InconsistentStateException)
            {
                return (Won: false, State: state);
            }
        })));

        var winner = Assert.Single(results, r => r.Won).State;
        var read = await ReadAsync<CounterState>(storage, "s", grain);
        Assert.Equal(winner.State.Count, read.State.Count);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Writes_queued_when_dispose_starts_are_committed_before_it_returns()
    {
        const int grains = 200;
        var storage = Create(_db);
        var writes = Enumerable.Range(0, grains)
            .Select(i => storage.WriteStateAsync("s", Grain($"g{i}"), Counter(i)))
            .ToArray();

        await storage.DisposeAsync();

        // Every write acknowledged must be on disk; none may be left pending forever.
        await Task.WhenAll(writes);
        await using var reader = Create(_db);
        for (var i = 0; i < grains; i++)
        {
            Assert.Equal(i, (await ReadAsync<CounterState>(reader, "s", Grain($"g{i}"))).State.Count);
        }
    }

    [Fact]
    public async Task Two_providers_on_one_file_never_hand_out_the_same_etag()
    {
        // E.g. a second named provider pointed at the same file: ETags come from the file, not from memory.
        await using var a = Create(_db);
        await using var b = Create(_db);
        var fromA = Enumerable.Range(0, 50).Select(i => Counter(i)).ToArray();
        var fromB = Enumerable.Range(0, 50).Select(i => Counter(i)).ToArray();

        await Task.WhenAll(
            Task.WhenAll(fromA.Select((s, i) => a.WriteStateAsync("a", Grain($"g{i}"), s))),
            Task.WhenAll(fromB.Select((s, i) => b.WriteStateAsync("b", Grain($"g{i}"), s))));

        Assert.Equal(100, fromA.Concat(fromB).Select(s => s.ETag).Distinct().Count());
    }
}
