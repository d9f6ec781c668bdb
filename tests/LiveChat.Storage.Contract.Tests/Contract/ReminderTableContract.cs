namespace LiveChat.Storage.Contract.Tests.Contract;

/// <summary>
/// The one IReminderTable contract every reminder store LiveChat deploys must meet (SQLite for the
/// embedded default, Redis and Azure Tables in cluster modes), as Orleans' reminder service relies on
/// it: rows keyed by grain and reminder name, start times (to the millisecond) and periods read back as written, a new ETag on every
/// upsert, removal only with the current ETag, and reads by grain and by ring range (begin, end],
/// wrapping round when begin >= end. A concrete subclass per store supplies fresh, started table
/// instances on a store of the test's own.
/// </summary>
public abstract class ReminderTableContract
{
    /// <summary>A new, started table instance on this test's store.</summary>
    protected abstract Task<ReminderTableUnderTest> OpenAsync();

    // Keys with characters a store could take for separators or escapes.
    protected static GrainId Grain(string key) => GrainId.Create("contract-remindable", "key/with\\odd#chars?" + key);

    protected static ReminderEntry Entry(GrainId grain, string name, DateTime? startAt = null, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        // Milliseconds: a store that rounds to the second fails the exact comparisons. Not finer: Orleans'
        // Azure table keeps start times to the millisecond, which is all the reminder service needs.
        StartAt = startAt ?? new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc).AddMilliseconds(123),
        Period = period ?? TimeSpan.FromMinutes(1).Add(TimeSpan.FromTicks(89)),
    };

    [SkippableFact]
    public async Task Missing_reminders_read_as_null_and_empty()
    {
        await using var store = await OpenAsync();
        Assert.Null(await store.Table.ReadRow(Grain("none"), "nothing"));
        Assert.Empty((await store.Table.ReadRows(Grain("none"))).Reminders);
        Assert.Empty((await store.Table.ReadRows(0, 0)).Reminders);
    }

    [SkippableFact]
    public async Task An_upserted_reminder_reads_back_exactly_with_the_etag_the_upsert_returned()
    {
        await using var store = await OpenAsync();
        var entry = Entry(Grain("a"), "name/with\\odd#chars?");

        var etag = await store.Table.UpsertRow(entry);

        Assert.False(string.IsNullOrEmpty(etag));
        var read = await store.Table.ReadRow(entry.GrainId, entry.ReminderName);
        Assert.NotNull(read);
        Assert.Equal((entry.GrainId, entry.ReminderName, entry.Period, etag), (read.GrainId, read.ReminderName, read.Period, read.ETag));
        Assert.Equal(entry.StartAt.Ticks, read.StartAt.ToUniversalTime().Ticks);
    }

    [SkippableFact]
    public async Task Each_upsert_replaces_the_row_with_a_new_etag()
    {
        await using var store = await OpenAsync();
        var grain = Grain("b");
        var first = await store.Table.UpsertRow(Entry(grain, "r"));
        var later = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);

        var second = await store.Table.UpsertRow(Entry(grain, "r", later, TimeSpan.FromMinutes(7)));

        Assert.NotEqual(first, second);
        var read = Assert.Single((await store.Table.ReadRows(grain)).Reminders);
        Assert.Equal((later.Ticks, TimeSpan.FromMinutes(7), second), (read.StartAt.ToUniversalTime().Ticks, read.Period, read.ETag));
    }

    [SkippableFact]
    public async Task Concurrent_upserts_of_one_reminder_all_succeed_with_distinct_etags_and_one_wins()
    {
        await using var store = await OpenAsync();
        var grain = Grain("c");
        var start = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);

        var etags = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => store.Table.UpsertRow(Entry(grain, "r", start.AddSeconds(i)))));

        Assert.Equal(etags.Length, etags.Distinct().Count());
        var read = Assert.Single((await store.Table.ReadRows(grain)).Reminders);
        Assert.Contains(read.ETag, etags);
    }

    [SkippableFact]
    public async Task A_reminder_is_removed_only_with_its_current_etag()
    {
        await using var store = await OpenAsync();
        var grain = Grain("d");
        var stale = await store.Table.UpsertRow(Entry(grain, "r"));
        var current = await store.Table.UpsertRow(Entry(grain, "r"));

        Assert.False(await store.Table.RemoveRow(grain, "r", stale!));
        Assert.False(await store.Table.RemoveRow(grain, "other", current!));
        Assert.NotNull(await store.Table.ReadRow(grain, "r"));

        Assert.True(await store.Table.RemoveRow(grain, "r", current!));
        Assert.Null(await store.Table.ReadRow(grain, "r"));
        Assert.False(await store.Table.RemoveRow(grain, "r", current!));
    }

    [SkippableFact]
    public async Task Reads_by_grain_return_that_grains_reminders_only()
    {
        await using var store = await OpenAsync();
        var (a, b) = (Grain("e1"), Grain("e2"));
        await store.Table.UpsertRow(Entry(a, "one"));
        await store.Table.UpsertRow(Entry(a, "two"));
        await store.Table.UpsertRow(Entry(b, "one"));

        var ofA = (await store.Table.ReadRows(a)).Reminders;

        Assert.Equal(["one", "two"], ofA.Select(r => r.ReminderName).Order());
        Assert.All(ofA, r => Assert.Equal(a, r.GrainId));
        Assert.Equal(b, Assert.Single((await store.Table.ReadRows(b)).Reminders).GrainId);
    }

    [SkippableFact]
    public async Task Range_reads_return_the_rows_hashed_into_begin_exclusive_to_end_inclusive_wrapping_when_begin_is_not_below_end()
    {
        await using var store = await OpenAsync();
        var grains = Enumerable.Range(0, 40).Select(i => Grain("range" + i)).ToList();
        await Task.WhenAll(grains.Select(g => store.Table.UpsertRow(Entry(g, "r"))));
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();

        // The whole ring both ways, ranges starting or ending exactly on a row's hash, and random ones.
        var ranges = new List<(uint Begin, uint End)> { (0, 0), (uint.MaxValue, uint.MaxValue), (hashes[10], hashes[20]), (hashes[20], hashes[10]), (hashes[5], hashes[5]) };
        var random = new Random(1234);
        for (var i = 0; i < 20; i++) ranges.Add(((uint)random.NextInt64(0, uint.MaxValue + 1L), (uint)random.NextInt64(0, uint.MaxValue + 1L)));

        foreach (var (begin, end) in ranges)
        {
            var expected = hashes.Where(h => begin < end ? h > begin && h <= end : h > begin || h <= end).Order();
            var actual = (await store.Table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order();
            Assert.True(expected.SequenceEqual(actual), $"Range ({begin}, {end}]: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}].");
        }
    }

    [SkippableFact]
    public async Task Reminders_outlive_the_table_instance_that_wrote_them()
    {
        var grain = Grain("f");
        string? etag;
        await using (var first = await OpenAsync())
        {
            etag = await first.Table.UpsertRow(Entry(grain, "r"));
        }

        await using var second = await OpenAsync();
        var read = await second.Table.ReadRow(grain, "r");
        Assert.Equal(etag, read?.ETag);
        Assert.True(await second.Table.RemoveRow(grain, "r", etag!));
    }
}
