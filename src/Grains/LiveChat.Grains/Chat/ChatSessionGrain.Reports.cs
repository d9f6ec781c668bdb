namespace LiveChat.Grains.Chat;

// Supervisors' reports (docs/rules.md RP1-RP5). Where a chat records a reportable event (start, first
// answer, end, transfer, invite step, SLA breach) it notes a fact beside the transcript entry; the
// facts go to the queue's day grain one-way after the commit that stored the entry, and are dropped
// with the entry if the commit fails (the state is reloaded). RP4: a fact is sent once and never
// again: nothing retries it (a retried command replays its stored result without noting anything),
// so a fact is never counted twice; one lost to a crash between the commit and the send is not counted.
public sealed partial class ChatSessionGrain
{
    private readonly List<(string QueueId, ReportFact Fact)> _unreported = [];

    /// <summary>RP1: notes a fact of the chat's current queue, named by the newest transcript entry. Messages left for the team (O2) are not live chats: not counted.</summary>
    private void NoteReport(ReportFactKind kind, string? agentId, TimeSpan? duration = null, string? queueId = null, string? agentName = null)
    {
        if (State.Offline) return;
        // The chat knows the names of its assignees and members; an invitee who never joined is named by its invite.
        var name = agentName ?? (agentId is null ? null : State.AgentNames.GetValueOrDefault(agentId));
        _unreported.Add((queueId ?? State.QueueId, new ReportFact($"{ChatId}:{State.LastSeq}:{kind}", kind, _clock.Now, agentId, name, duration)));
    }

    /// <summary>After a commit: each day of each queue gets its facts in one one-way call.</summary>
    private void SendReports()
    {
        if (_unreported.Count == 0) return;
        foreach (var group in _unreported.GroupBy(f => IQueueReportDayGrain.KeyOf(f.QueueId, DateOnly.FromDateTime(f.Fact.At.UtcDateTime))))
        {
            try
            {
                GrainFactory.QueueReportDay(group.Key).Record(group.Select(f => f.Fact).ToList()).Ignore();
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Chat {ChatId} could not send its report facts to {Day}", ChatId, group.Key);
            }
        }
        _unreported.Clear();
    }

    /// <summary>RP1: how a chat's end counts: abandoned if no agent ever answered or its agent abandoned it, else ended with its handle time.</summary>
    private void NoteEndReport(EndReason reason)
    {
        if (reason == EndReason.Abandoned || State.SlaFirstAnsweredAt is null)
            NoteReport(ReportFactKind.Abandoned, State.AssigneeId);
        else
            NoteReport(ReportFactKind.Ended, State.AssigneeId, State.ReportFirstAssignedAt is { } assigned ? _clock.Now - assigned : null);
    }
}
