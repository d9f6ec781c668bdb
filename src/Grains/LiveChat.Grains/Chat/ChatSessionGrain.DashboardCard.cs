namespace LiveChat.Grains.Chat;

// Q3: the monitoring dashboard names an active chat by its customer, its assignee, its members with
// their modes and its pending invites and offers. The chat builds that card after every commit and
// tells its queue (one-way) only when something on it changed; the queue keeps it with the chat in
// its active list, so the dashboard reads no chat itself.
public sealed partial class ChatSessionGrain
{
    // The card last told to the queue (in memory: a new activation tells it again on its first change).
    private ActiveChatCard? _toldCard;

    private ActiveChatCard DashboardCard() => new(
        ChatId,
        State.QueueId,
        State.EndUser.DisplayName,
        State.AssigneeId,
        State.AssigneeName,
        State.Members.Select(m => new ActiveChatMember(m.AgentId, m.Name ?? AgentNameOrId(m.AgentId), m.Mode)).ToList(),
        State.Invites.Where(i => i.Status == InviteStatus.Pending)
            .Select(i => new PendingInviteCard(i.InviteId, i.Kind, i.InviteeId, i.InviteeName ?? AgentNameOrId(i.InviteeId), i.Mode, i.ExpiresAt))
            .ToList(),
        State.WaitingSince,
        State.LastSeq);

    private string AgentNameOrId(string agentId) => State.AgentNames.TryGetValue(agentId, out var name) ? name : agentId;

    /// <summary>After a commit: tells the queue the active chat's card when it changed (<paramref name="always"/>: even when not).</summary>
    private async Task TellDashboardCard(bool always = false)
    {
        if (State.Status != ChatStatus.Active)
        {
            _toldCard = null;
            return;
        }
        var card = DashboardCard();
        if (!always && _toldCard is { } told && told.Shows(card)) return;
        try
        {
            await GrainFactory.Queue(State.QueueId).ChatCardChanged(card);
            _toldCard = card;
        }
        catch (Exception error)
        {
            // The card is for display only: the next change (or activation) tells it again.
            _logger.LogWarning(error, "Chat {ChatId} could not tell queue {QueueId} its dashboard card", ChatId, State.QueueId);
        }
    }

    /// <summary>Tells the queue the chat is active there, then its card (a card before that is dropped by the queue).</summary>
    private async Task TellQueueActive()
    {
        await GrainFactory.Queue(State.QueueId).ChatActive(ChatId);
        await TellDashboardCard(always: true);
    }
}
