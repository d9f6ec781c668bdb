namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// Directory administration (one grain, key <see cref="Key"/>): lists the agents and queues it
/// administers, applies every change to the agent or queue grain, and keeps the audit trail.
/// Every admin method takes the caller's own agent id and refuses (rule "Admin", Forbidden)
/// unless that agent has the Admin role and is not disabled. Bad input is refused before
/// anything changes (rule "Directory").
/// </summary>
[Alias("LiveChat.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "directory";
    public const int MaxPage = 100;

    [Alias("ListAgents")] Task<DirectoryAgentPage> ListAgents(string adminId, int offset, int max);
    [Alias("ListQueues")] Task<DirectoryQueuePage> ListQueues(string adminId, int offset, int max);
    [Alias("GetAgent")] Task<DirectoryAgent> GetAgent(string adminId, string agentId);
    [Alias("GetQueue")] Task<DirectoryQueue> GetQueue(string adminId, string queueId);

    /// <summary>Refused (Conflict) when the agent exists.</summary>
    [Alias("CreateAgent")] Task<DirectoryAgent> CreateAgent(string adminId, DirectoryAgent agent);
    /// <summary>Replaces the agent's directory data and capacity; refused (NotFound) when it does not exist.</summary>
    [Alias("UpdateAgent")] Task<DirectoryAgent> UpdateAgent(string adminId, DirectoryAgent agent);
    [Alias("SetAgentDisabled")] Task<DirectoryAgent> SetAgentDisabled(string adminId, string agentId, bool disabled);
    [Alias("CreateQueue")] Task<DirectoryQueue> CreateQueue(string adminId, DirectoryQueue queue);
    [Alias("UpdateQueue")] Task<DirectoryQueue> UpdateQueue(string adminId, DirectoryQueue queue);

    /// <summary>Audit entries older than <paramref name="before"/> (0: the newest), newest first.</summary>
    [Alias("ReadAudit")] Task<AuditSlice> ReadAudit(string adminId, long before, int max);

    /// <summary>
    /// Records a data-protection action (E6: a retention change, an export, an erasure) in the audit
    /// trail: who, when, on what (an end user only by a digest), what happened; never erased content.
    /// Called by the retention grains once they checked the admin.
    /// </summary>
    [Alias("Retention.RecordDataProtection")] Task RecordDataProtection(string adminId, string target, string action, string detail, bool failed);

    // Operations (the silo's "directory import/export" command, demo seeding): cluster clients
    // only, never mapped to HTTP. The operator name is recorded as the actor of every change.

    // Whole-directory operations may take minutes on a large directory: they keep a long timeout
    // where a gateway's calls are bounded to a few seconds (Gateway:Cluster:ResponseTimeout).
    [Alias("Export"), ResponseTimeout("00:05:00")] Task<DirectoryContent> Export();
    /// <summary>
    /// Creates and updates queues, then agents, through the same audited path as an admin; the
    /// whole content is validated first, so a bad file changes nothing. <paramref name="onlyMissing"/>:
    /// existing records are listed but kept as they are (seeding).
    /// </summary>
    [Alias("Import"), ResponseTimeout("00:05:00")] Task<ImportResult> Import(string operatorName, DirectoryContent content, bool onlyMissing);
}
