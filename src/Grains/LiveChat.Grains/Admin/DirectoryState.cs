namespace LiveChat.Grains.Admin;

/// <summary>
/// What the directory grain persists: the ids it administers (bounded by the directory's size)
/// and the open page of its audit trail. Full pages move to <see cref="IAuditPageGrain"/>s, so
/// the state stays bounded however many changes are made.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.DirectoryState")]
public sealed class DirectoryState
{
    /// <summary>Agent ids, sorted (ordinal).</summary>
    [Id(0)] public List<string> AgentIds { get; set; } = [];
    /// <summary>Queue ids, sorted (ordinal).</summary>
    [Id(1)] public List<string> QueueIds { get; set; } = [];
    /// <summary>The sequence number of the newest audit entry; entries are numbered from 1 without gaps.</summary>
    [Id(2)] public long LastSeq { get; set; }
    /// <summary>Full pages already stored in page grains: page n holds entries n*PageSize+1 … (n+1)*PageSize.</summary>
    [Id(3)] public int SealedPages { get; set; }
    /// <summary>The entries after the sealed pages, oldest first.</summary>
    [Id(4)] public List<DirectoryAuditEntry> OpenPage { get; set; } = [];
}
