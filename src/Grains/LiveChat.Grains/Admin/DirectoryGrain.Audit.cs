namespace LiveChat.Grains.Admin;

using LiveChat.Grains.Common;

// The audit trail: append-only, numbered from 1 without gaps, in pages of PageSize entries.
public sealed partial class DirectoryGrain
{
    public const int AuditPageSize = 32;
    private bool _pendingSettled;

    /// <summary>Writes the entry as Pending, applies the change, then records how it went (see the class remarks).</summary>
    private async Task<T> Audited<T>(string actorId, string target, string action,
        DirectoryAgent? agentBefore, DirectoryAgent? agentAfter, DirectoryQueue? queueBefore, DirectoryQueue? queueAfter,
        Func<Task<T>> apply)
    {
        await SettlePending();
        var entry = new DirectoryAuditEntry(State.LastSeq + 1, clock.Now, actorId, target, action,
            agentBefore, agentAfter, queueBefore, queueAfter, AuditOutcome.Pending);
        // Not recorded, so not applied: the caller sees the storage error and may retry.
        await Append(entry);

        T result;
        try
        {
            result = await apply();
        }
        catch (Exception error)
        {
            var reason = error is RuleViolationException refusal ? refusal.Message : "The change could not be applied: " + error.GetType().Name;
            await Settle(entry, AuditOutcome.Failed, reason);
            throw;
        }
        await Settle(entry, AuditOutcome.Applied, null);
        await SealFullPages();
        return result;
    }

    /// <summary>Adds the next entry and stores it; when the write fails the entry is taken back and the error thrown.</summary>
    private async Task Append(DirectoryAuditEntry entry)
    {
        State.OpenPage.Add(entry);
        State.LastSeq = entry.Seq;
        try
        {
            await directory.WriteStateAsync();
        }
        catch
        {
            State.OpenPage.Remove(entry);
            State.LastSeq = entry.Seq - 1;
            throw;
        }
    }

    private async Task Settle(DirectoryAuditEntry entry, AuditOutcome outcome, string? failure)
    {
        var index = State.OpenPage.FindIndex(e => e.Seq == entry.Seq);
        State.OpenPage[index] = entry with { Outcome = outcome, Failure = failure };
        try
        {
            await directory.WriteStateAsync();
        }
        catch (Exception error)
        {
            // The change stands; the stored entry stays Pending and is settled against the target later.
            logger.LogWarning(error, "Audit entry {Seq} could not be marked {Outcome}", entry.Seq, outcome);
            _pendingSettled = false;
        }
    }

    /// <summary>
    /// An entry still Pending after a restart: its change may or may not have reached the target.
    /// The target decides: Applied when it now holds "after", Failed when it does not.
    /// </summary>
    private async Task SettlePending()
    {
        if (_pendingSettled) return;
        foreach (var entry in State.OpenPage.Where(e => e.Outcome == AuditOutcome.Pending).ToList())
        {
            var applied = entry.AgentAfter is { } agent ? agent.SameAs(await CurrentAgent(agent.Id))
                : entry.QueueAfter is { } queue && queue.SameAs(await CurrentQueue(queue.Id));
            await Settle(entry, applied ? AuditOutcome.Applied : AuditOutcome.Failed,
                applied ? null : "Interrupted before it was applied.");
        }
        _pendingSettled = State.OpenPage.All(e => e.Outcome != AuditOutcome.Pending);
    }

    /// <summary>Moves full, settled pages to their page grains; a failure leaves them open, to move next time.</summary>
    private async Task SealFullPages()
    {
        while (State.OpenPage.Count >= AuditPageSize && State.OpenPage.Take(AuditPageSize).All(e => e.Outcome != AuditOutcome.Pending))
        {
            try
            {
                await AuditPage(State.SealedPages).Store(State.OpenPage.Take(AuditPageSize).ToList());
                var sealedEntries = State.OpenPage.GetRange(0, AuditPageSize);
                State.OpenPage.RemoveRange(0, AuditPageSize);
                State.SealedPages++;
                try
                {
                    await directory.WriteStateAsync();
                }
                catch
                {
                    State.OpenPage.InsertRange(0, sealedEntries);
                    State.SealedPages--;
                    throw;
                }
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Sealing audit page {Page} failed; it stays open", State.SealedPages);
                return;
            }
        }
    }

    public async Task<AuditSlice> ReadAudit(string adminId, long before, int max)
    {
        await RequireAdmin(adminId);
        await SettlePending();
        max = Math.Clamp(max, 1, IDirectoryGrain.MaxPage);
        var bound = before <= 0 ? State.LastSeq + 1 : before;
        var entries = State.OpenPage.Where(e => e.Seq < bound).Reverse().Take(max).ToList();
        var next = entries.Count > 0 ? entries[^1].Seq : bound;
        // Page n holds entries n*PageSize+1 … (n+1)*PageSize; start at the one holding next-1.
        for (var page = (int)Math.Min(State.SealedPages - 1, (next - 2) / AuditPageSize); entries.Count < max && page >= 0 && next > 1; page--)
        {
            var older = (await AuditPage(page).Read()).Where(e => e.Seq < next).Reverse().Take(max - entries.Count).ToList();
            entries.AddRange(older);
            if (older.Count > 0) next = older[^1].Seq;
        }
        var oldest = entries.Count > 0 ? entries[^1].Seq : 0;
        return new AuditSlice(entries, oldest > 1 ? oldest : 0);
    }

    private IAuditPageGrain AuditPage(int page) => GrainFactory.AuditPage($"{this.GetPrimaryKeyString()}/{page}");
}
