namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Who may receive what of this chat: the chat decides, and says so with every event it publishes
// (ChatEvent.Audience), so a gateway forwards each event only to the people in the chat now and
// drops a console whose agent left, was released, transferred away or removed.
public sealed partial class ChatSessionGrain
{
    public const string AuditRule = "Audit";

    /// <summary>The agents in the chat after the change being published, and who of them reads the audit trail.</summary>
    private ChatAudience Audience()
    {
        var agents = new List<string>(State.Members.Count + 1);
        var auditReaders = new List<string>(2);
        if (State.AssigneeId is { } assignee)
        {
            agents.Add(assignee);
            auditReaders.Add(assignee);
        }
        foreach (var member in State.Members)
        {
            agents.Add(member.AgentId);
            if (JoinedAsSupervisor(member)) auditReaders.Add(member.AgentId);
        }
        return new ChatAudience(agents, auditReaders);
    }

    /// <summary>
    /// The audit trail (entries stored as Visibility.Audit, e.g. a monitor's join where system
    /// notifications are off) is read by the assignee and by supervisors of the chat's queue who
    /// joined it (R13). Invitees are not: a monitor must not learn of other monitors that way.
    /// Hook: an admin role, when the directory gains one, reads every chat's audit trail; it
    /// belongs here and in <see cref="Audience"/>.
    /// </summary>
    private bool MayReadAudit(string agentId) =>
        State.AssigneeId == agentId || MemberOf(agentId) is { } member && JoinedAsSupervisor(member);

    /// <summary>
    /// R13 joins carry no invite. Only a supervisor of the chat's queue can make one, a transfer to
    /// another queue removes every member, and a supervisor who stops supervising the queue leaves
    /// (<see cref="MemberDirectoryChanged"/>): such a member supervises the chat's queue.
    /// </summary>
    private static bool JoinedAsSupervisor(ChatMember member) => member.InviteId is null;

    private void EnsureMayReadAudit(string agentId)
    {
        if (!MayReadAudit(agentId))
            throw Refuse.Forbidden(AuditRule, "The audit trail is for the chat's assignee and the supervisors of its queue who joined it.");
    }
}
