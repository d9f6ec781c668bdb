namespace LiveChat.Grains.Admin;

// E6: data-protection actions in the same audit trail as directory changes, with no content.
public sealed partial class DirectoryGrain
{
    public async Task RecordDataProtection(string adminId, string target, string action, string detail, bool failed)
    {
        await SettlePending();
        var entry = new DirectoryAuditEntry(State.LastSeq + 1, clock.Now, adminId, target, action,
            null, null, null, null, failed ? AuditOutcome.Failed : AuditOutcome.Applied,
            Failure: failed ? "Interrupted; see the detail." : null, Detail: detail);
        await Append(entry);
        await SealFullPages();
    }
}
