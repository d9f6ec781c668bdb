namespace LiveChat.Grains.Admin;

using LiveChat.Grains.Common;

/// <summary>One full page of the directory's audit trail (key: "directory/page"). Written once, read many times.</summary>
[Alias("LiveChat.IAuditPageGrain")]
public interface IAuditPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page; repeating it with the same entries is harmless.</summary>
    [Alias("Store")] Task Store(IReadOnlyList<DirectoryAuditEntry> entries);
    [AlwaysInterleave, Alias("Read")] Task<IReadOnlyList<DirectoryAuditEntry>> Read();
}

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.AuditPageState")]
public sealed class AuditPageState
{
    [Id(0)] public List<DirectoryAuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// One sealed page of the audit trail: as a transcript page, it deactivates once stored and a page a
/// reader activates goes after 2 idle minutes, instead of Orleans' default 2 hours per page.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class AuditPageGrain(
    [PersistentState("audit-page", StorageNames.LiveChat)] IPersistentState<AuditPageState> page)
    : Grain, IAuditPageGrain
{
    public async Task Store(IReadOnlyList<DirectoryAuditEntry> entries)
    {
        page.State.Entries = [.. entries];
        await page.WriteStateAsync();
        // Stored: the next read loads it from storage. A read in flight still finishes first.
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<DirectoryAuditEntry>> Read() => Task.FromResult<IReadOnlyList<DirectoryAuditEntry>>(page.State.Entries);
}
