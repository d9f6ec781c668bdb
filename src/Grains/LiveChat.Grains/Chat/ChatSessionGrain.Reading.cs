namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Reading a chat: agents in it see everything meant for agents (A11), the audit trail only its
// readers (Audience.cs); the end user's reads live in EndUser.cs.
public sealed partial class ChatSessionGrain
{
    public Task<ChatSnapshot> GetSnapshot(string agentId)
    {
        EnsureMay(agentId, ChatAction.A11_SeeTranscript);
        return Task.FromResult(Snapshot(agentId));
    }

    public async Task<TranscriptSlice> ReadTranscript(string agentId, long afterSeq, int max, bool includeAudit = false)
    {
        // S5: a member sees the conversation from its start, not only what followed its join.
        EnsureMay(agentId, ChatAction.A11_SeeTranscript);
        if (includeAudit) EnsureMayReadAudit(agentId);
        var shown = includeAudit ? Visibility.Audit : Visibility.Agents;
        return await ReadEntries(afterSeq, max, e => e.Visibility <= shown);
    }

    /// <summary>Entries after <paramref name="afterSeq"/> that pass the filter, from sealed pages then the tail.</summary>
    private async Task<TranscriptSlice> ReadEntries(long afterSeq, int max, Func<TranscriptEntry, bool> visible)
    {
        if (afterSeq < 0) throw Refuse.Invalid(ChatAction.A11_SeeTranscript, "'after' must be zero or a sequence number.");
        max = Math.Clamp(max, 1, ChatLimits.MaxPageRead);
        var result = new List<TranscriptEntry>();
        var lastScanned = afterSeq;
        var page = afterSeq >= State.LastSeq ? State.SealedPages : TranscriptPaging.PageOf(afterSeq + 1, State.PageSizeInUse);
        for (; page < State.SealedPages && result.Count < max; page++)
        {
            var entries = await GrainFactory.TranscriptPage(TranscriptPaging.PageKey(ChatId, page)).Read();
            lastScanned = Collect(entries, afterSeq, max, visible, result, lastScanned);
        }
        if (result.Count < max) lastScanned = Collect(State.Tail, afterSeq, max, visible, result, lastScanned);
        var hasMore = lastScanned < State.LastSeq;
        // A reader that saw everything continues after the newest entry, even one it may not see.
        return new TranscriptSlice(result, hasMore ? lastScanned : State.LastSeq, hasMore);
    }

    private static long Collect(IEnumerable<TranscriptEntry> entries, long afterSeq, int max,
        Func<TranscriptEntry, bool> visible, List<TranscriptEntry> into, long lastScanned)
    {
        foreach (var entry in entries)
        {
            if (entry.Seq <= afterSeq) continue;
            if (into.Count >= max) break;
            lastScanned = entry.Seq;
            if (visible(entry)) into.Add(entry);
        }
        return lastScanned;
    }

    /// <summary>The chat as agents see it; with <paramref name="viewerId"/>, also what that agent may do in it (A1-A11).</summary>
    private ChatSnapshot Snapshot(string? viewerId = null) => new(
        ChatId, State.QueueId, State.Status, State.EndUser, State.AssigneeId,
        State.Members.ToList(), State.Invites.ToList(), State.Pinned.ToList(), State.Shared.ToList(),
        State.Attachments.ToList(), State.Tickets.ToList(), State.RemoteAccess.ToList(),
        State.CreatedAt, State.LastSeq, State.EndReason, State.AssigneeName, State.Satisfaction, State.Offline, State.OfflineContact, SlaOf(_clock.Now),
        Allowed: ChatPermissionTable.AllowedFor(viewerId is null ? ChatRole.None : RoleOf(viewerId)));
}
