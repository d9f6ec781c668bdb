namespace LiveChat.Storage.Contract.Tests.Contract;

using Orleans.Storage;

/// <summary>
/// The one IGrainStorage contract every provider must meet. A concrete subclass per provider and
/// clear mode supplies fresh provider instances on a store of its own; nothing here knows which
/// provider runs, so a provider passes only by behaving as specified.
/// </summary>
/// <remarks>
/// Each test gets a store of its own (a new SQLite file, Redis service id or Azure table), so tests
/// never see each other's records. "A fresh provider instance" is a new provider object (new
/// connection) on the same store, so reading through it proves the data left the first instance.
/// </remarks>
public abstract class GrainStorageContract
{
    private const string StateName = "state";

    /// <summary>A new provider instance on this test's store.</summary>
    protected abstract Task<StorageUnderTest> OpenAsync();

    /// <summary>
    /// True: clear deletes the record (ETag null afterwards). False: the record is kept without state
    /// and with a new ETag, which the next write must present.
    /// </summary>
    protected abstract bool DeletesOnClear { get; }

    /// <summary>
    /// Documented gaps of a provider we do not own (Orleans' Blob provider): each one is named here, left out of
    /// the contract test it breaks, and pinned by a test of the provider's own class that fails once the gap
    /// closes. Grain keys the provider stores as the same record as another key.
    /// </summary>
    protected virtual IReadOnlyCollection<string> KeysSharingARecord => [];

    /// <summary>Foreign ETags the provider takes as a wildcard (a documented gap, see <see cref="KeysSharingARecord"/>).</summary>
    protected virtual IReadOnlyCollection<string> WildcardETags => [];

    /// <summary>False: a clear that deletes the record deletes it without an ETag too (a documented gap, see <see cref="KeysSharingARecord"/>).</summary>
    protected virtual bool ClearChecksETag => true;

    /// <summary>Data bytes of the large state test; at least 2 MB unless the provider has a smaller limit.</summary>
    protected virtual int LargeStateDataBytes(IGrainStorage storage, string stateName, GrainId grain) => 2 * 1024 * 1024 + 4099;

    protected static GrainId Grain(string key) => GrainId.Create("contract", key);

    protected static TestGrainState<CounterState> Counter(int count, string? etag = null) =>
        new(new CounterState { Count = count, Label = $"count {count}" }) { ETag = etag };

    protected static async Task<TestGrainState<T>> ReadAsync<T>(IGrainStorage storage, string stateName, GrainId grain)
        where T : new()
    {
        var state = new TestGrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    [SkippableFact]
    public async Task Read_of_missing_state_reports_no_record_and_a_fresh_state()
    {
        await using var store = await OpenAsync();
        // Stale values in memory, e.g. a grain re-reading after its record was deleted elsewhere:
        // as with Orleans' own providers, no record means a fresh state, never the stale one.
        var state = new TestGrainState<CounterState>(new CounterState { Count = 7, Label = "stale" }) { ETag = "stale", RecordExists = true };

        await store.Storage.ReadStateAsync(StateName, Grain("missing"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
        Assert.Null(state.State.Label);
    }

    [SkippableFact]
    public async Task Write_then_read_in_a_fresh_provider_instance()
    {
        var grain = Grain("durable");
        var written = Counter(42);
        await using (var first = await OpenAsync())
        {
            await first.Storage.WriteStateAsync(StateName, grain, written);
        }

        Assert.True(written.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));

        await using var second = await OpenAsync();
        var read = await ReadAsync<CounterState>(second.Storage, StateName, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(42, read.State.Count);
        Assert.Equal("count 42", read.State.Label);
    }

    [SkippableFact]
    public async Task Read_etag_allows_the_next_write_and_every_write_gets_a_new_etag()
    {
        await using var store = await OpenAsync();
        var grain = Grain("sequence");
        var etags = new List<string?>();
        await store.Storage.WriteStateAsync(StateName, grain, Counter(0));

        for (var i = 1; i <= 3; i++)
        {
            var read = await ReadAsync<CounterState>(store.Storage, StateName, grain);
            Assert.Equal(i - 1, read.State.Count);
            etags.Add(read.ETag);
            read.State.Count = i;
            await store.Storage.WriteStateAsync(StateName, grain, read);
            Assert.NotEqual(etags[^1], read.ETag);
            etags.Add(read.ETag);
        }

        Assert.Equal(3, (await ReadAsync<CounterState>(store.Storage, StateName, grain)).State.Count);
        Assert.Equal(etags.Count - 2, etags.Distinct().Count()); // each read ETag equals the write before it
    }

    [SkippableFact]
    public async Task State_names_and_grain_ids_key_separate_records_even_when_awkward()
    {
        // Characters that are separators, escapes or forbidden in some stores' keys, and ids long
        // enough to be shortened by a store, differing only at their end.
        string[] keys =
        [
            "plain", "a/b", "a\\b", "a#b", "a?b", "a%2Fb", "a'b", "a\"b", "a b", "a+b", "a!b", "a!0041b", "aAb", "a~b",
            "a\u0001b", "a\u007Fb", "a\u0085b", "é", "ü/ß", "😀", new string('x', 600) + "1", new string('x', 600) + "2",
        ];
        keys = keys.Except(KeysSharingARecord).ToArray();
        string[] stateNames = ["s", "s/1", "s#1", "S", new string('n', 400)];

        await using var store = await OpenAsync();
        var value = 0;
        foreach (var stateName in stateNames)
        foreach (var key in keys)
        {
            await store.Storage.WriteStateAsync(stateName, Grain(key), Counter(value++));
        }

        await using var fresh = await OpenAsync();
        value = 0;
        foreach (var stateName in stateNames)
        foreach (var key in keys)
        {
            var read = await ReadAsync<CounterState>(fresh.Storage, stateName, Grain(key));
            Assert.True(read.RecordExists, $"state '{stateName}' of grain key '{key}'");
            Assert.Equal(value++, read.State.Count);
        }
    }

    [SkippableFact]
    public async Task Stale_etag_write_is_a_conflict_and_changes_nothing()
    {
        await using var store = await OpenAsync();
        var grain = Grain("conflict");
        var current = Counter(1);
        await store.Storage.WriteStateAsync(StateName, grain, current);
        var staleETag = current.ETag;
        current.State.Count = 2;
        await store.Storage.WriteStateAsync(StateName, grain, current);

        var stale = Counter(99, staleETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync(StateName, grain, stale));

        Assert.Equal(staleETag, stale.ETag); // the caller's state is left as it was
        await using var fresh = await OpenAsync();
        var read = await ReadAsync<CounterState>(fresh.Storage, StateName, grain);
        Assert.Equal(2, read.State.Count);
        Assert.Equal(current.ETag, read.ETag);
    }

    [SkippableFact]
    public async Task Null_etag_write_over_an_existing_record_is_a_conflict()
    {
        await using var store = await OpenAsync();
        var grain = Grain("exists");
        var first = Counter(1);
        await store.Storage.WriteStateAsync(StateName, grain, first);

        var blind = Counter(2);
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync(StateName, grain, blind));

        Assert.Null(blind.ETag);
        var read = await ReadAsync<CounterState>(store.Storage, StateName, grain);
        Assert.Equal(1, read.State.Count);
        Assert.Equal(first.ETag, read.ETag);
    }

    [SkippableFact]
    public async Task Foreign_etags_are_conflicts_not_crashes()
    {
        await using var store = await OpenAsync();
        var grain = Grain("foreign");
        var first = Counter(1);
        await store.Storage.WriteStateAsync(StateName, grain, first);

        string[] foreign = ["W/\"abc\"", "\"abc\"", "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"", "12345", "not an etag", "*", ""];
        foreach (var etag in foreign.Except(WildcardETags))
        {
            var error = await Record.ExceptionAsync(() => store.Storage.WriteStateAsync(StateName, grain, Counter(2, etag)));
            Assert.True(error is InconsistentStateException, $"ETag '{etag}': expected InconsistentStateException, got {error?.GetType().Name ?? "success"}: {error?.Message}");
        }

        var read = await ReadAsync<CounterState>(store.Storage, StateName, grain);
        Assert.Equal(1, read.State.Count);
        Assert.Equal(first.ETag, read.ETag);
    }

    [SkippableFact]
    public async Task Etag_write_to_a_missing_record_is_a_conflict()
    {
        await using var store = await OpenAsync();
        var other = Counter(1);
        await store.Storage.WriteStateAsync(StateName, Grain("other"), other);

        // A real ETag of this store, but for another record.
        var error = await Record.ExceptionAsync(() => store.Storage.WriteStateAsync(StateName, Grain("never-written"), Counter(2, other.ETag)));

        Assert.True(error is InconsistentStateException, $"expected InconsistentStateException, got {error?.GetType().Name ?? "success"}: {error?.Message}");
        Assert.False((await ReadAsync<CounterState>(store.Storage, StateName, Grain("never-written"))).RecordExists);
    }

    [SkippableFact]
    public async Task Clear_removes_the_state()
    {
        await using var store = await OpenAsync();
        var grain = Grain("clear");
        var state = Counter(5);
        await store.Storage.WriteStateAsync(StateName, grain, state);
        var beforeClear = state.ETag;

        await store.Storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        await using var fresh = await OpenAsync();
        var read = new TestGrainState<CounterState>(new CounterState { Count = 99, Label = "stale" });
        await fresh.Storage.ReadStateAsync(StateName, grain, read);
        Assert.False(read.RecordExists, "a read after clear must report no record");
        Assert.Equal(0, read.State.Count); // a fresh state, not the stale one in memory
        Assert.Null(read.State.Label);
        if (DeletesOnClear)
        {
            Assert.Null(state.ETag);
            Assert.Null(read.ETag);
        }
        else
        {
            // The kept record has a new ETag, and the read sees it.
            Assert.NotNull(state.ETag);
            Assert.NotEqual(beforeClear, state.ETag);
            Assert.Equal(state.ETag, read.ETag);
        }
    }

    [SkippableFact]
    public async Task Clear_with_stale_etag_is_a_conflict_and_keeps_the_state()
    {
        await using var store = await OpenAsync();
        var grain = Grain("clear-stale");
        var state = Counter(5);
        await store.Storage.WriteStateAsync(StateName, grain, state);
        var stale = Counter(0, state.ETag);
        state.State.Count = 6;
        await store.Storage.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.ClearStateAsync(StateName, grain, stale));
        // A provider with the documented no-ETag gap is held to the stale-ETag half (its gap is pinned by its own test).
        if (ClearChecksETag)
            await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.ClearStateAsync(StateName, grain, Counter(0)));

        var read = await ReadAsync<CounterState>(store.Storage, StateName, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(6, read.State.Count);
        Assert.Equal(state.ETag, read.ETag);
    }

    [SkippableFact]
    public async Task Clear_of_missing_state_with_null_etag_succeeds()
    {
        await using var store = await OpenAsync();
        var grain = Grain("never-written");
        var state = Counter(0);

        await store.Storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        if (DeletesOnClear) Assert.Null(state.ETag);
        var read = await ReadAsync<CounterState>(store.Storage, StateName, grain);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [SkippableFact]
    public async Task State_can_be_recreated_after_clear_and_old_etags_stay_invalid()
    {
        await using var store = await OpenAsync();
        var grain = Grain("recreate");
        var state = Counter(1);
        await store.Storage.WriteStateAsync(StateName, grain, state);
        var beforeClear = state.ETag;
        await store.Storage.ClearStateAsync(StateName, grain, state);

        // As the runtime does: the next write presents the ETag the clear left (null after a delete).
        var recreated = Counter(7, state.ETag);
        await store.Storage.WriteStateAsync(StateName, grain, recreated);

        Assert.True(recreated.RecordExists);
        Assert.NotEqual(beforeClear, recreated.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync(StateName, grain, Counter(8, beforeClear)));
        var read = await ReadAsync<CounterState>(store.Storage, StateName, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(7, read.State.Count);
        Assert.Equal(recreated.ETag, read.ETag);
    }

    [SkippableFact]
    public async Task Large_state_round_trips_in_a_fresh_instance()
    {
        var grain = Grain("large");
        byte[] data;
        await using (var writer = await OpenAsync())
        {
            data = new byte[LargeStateDataBytes(writer.Storage, StateName, grain)];
            new Random(1234).NextBytes(data);
            // Replaces a small state, so a provider must not keep parts of an older payload either.
            var state = new TestGrainState<BlobState>(new BlobState { Data = [1, 2, 3] });
            await writer.Storage.WriteStateAsync(StateName, grain, state);
            state.State = new BlobState { Data = data };
            await writer.Storage.WriteStateAsync(StateName, grain, state);
        }

        await using var reader = await OpenAsync();
        var read = await ReadAsync<BlobState>(reader.Storage, StateName, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(data.Length, read.State.Data.Length);
        Assert.True(data.AsSpan().SequenceEqual(read.State.Data), "the large payload came back different");

        // And back to a small one.
        read.State = new BlobState { Data = [9] };
        await reader.Storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal(new byte[] { 9 }, (await ReadAsync<BlobState>(reader.Storage, StateName, grain)).State.Data);
    }

    [SkippableFact]
    public async Task State_of_one_type_version_reads_into_an_older_and_a_newer_one()
    {
        await using var store = await OpenAsync();
        var grain = Grain("versions");
        await store.Storage.WriteStateAsync(StateName, grain, Counter(3));

        var newer = await ReadAsync<CounterStateV2>(store.Storage, StateName, grain);
        var older = await ReadAsync<CounterStateV0>(store.Storage, StateName, grain);

        Assert.Equal(3, newer.State.Count);
        Assert.Equal("count 3", newer.State.Label);
        Assert.Equal(["default"], newer.State.Tags);
        Assert.Equal(3, older.State.Count);
    }

    [SkippableFact]
    public async Task Concurrent_writers_to_different_grains_all_succeed()
    {
        const int grains = 64;
        var states = Enumerable.Range(0, grains).Select(i => Counter(i)).ToArray();
        await using (var store = await OpenAsync())
        {
            await Task.WhenAll(states.Select((state, i) => Task.Run(() => store.Storage.WriteStateAsync(StateName, Grain($"g{i}"), state))));
        }

        Assert.All(states, s => Assert.True(s.RecordExists));
        await using var reader = await OpenAsync();
        for (var i = 0; i < grains; i++)
        {
            var read = await ReadAsync<CounterState>(reader.Storage, StateName, Grain($"g{i}"));
            Assert.True(read.RecordExists);
            Assert.Equal(i, read.State.Count);
            Assert.Equal(states[i].ETag, read.ETag);
        }
    }

    [SkippableFact]
    public async Task Concurrent_writers_to_one_grain_with_the_same_etag_exactly_one_wins()
    {
        const int writers = 16;
        var grain = Grain("contended");
        await using var store = await OpenAsync();
        var initial = Counter(0);
        await store.Storage.WriteStateAsync(StateName, grain, initial);

        var attempts = Enumerable.Range(1, writers).Select(i => Counter(i, initial.ETag)).ToArray();
        var results = await Task.WhenAll(attempts.Select(state => Task.Run(async () =>
        {
            try
            {
                await store.Storage.WriteStateAsync(StateName, grain, state);
                return (Won: true, State: state);
            }
            catch (InconsistentStateException)
            {
                return (Won: false, State: state);
            }
        })));

        var winner = Assert.Single(results, r => r.Won).State;
        Assert.All(results.Where(r => !r.Won), r => Assert.Equal(initial.ETag, r.State.ETag));
        await using var fresh = await OpenAsync();
        var read = await ReadAsync<CounterState>(fresh.Storage, StateName, grain);
        Assert.Equal(winner.State.Count, read.State.Count);
        Assert.Equal(winner.ETag, read.ETag);
    }
}
