namespace LiveChat.Grains.Queue;

using LiveChat.Grains.Common;

// Business hours (docs/rules.md B2, B4): what the end-user page learns before a chat. Anonymous
// callers read it, so it names no agent and no waiting chat: only open, closed or nobody online.
public sealed partial class SupportQueueGrain
{
    public Task<QueueAvailability> GetAvailability()
    {
        if (State.Definition is not { } definition)
            throw Refuse.NotFound(Rules.Directory, $"There is no support queue '{QueueId}'.");
        var now = _clock.Now;
        var hours = definition.BusinessHours;
        var state = !BusinessSchedule.IsOpen(hours, now) ? AvailabilityState.Closed
            : AnyAgentOnline() ? AvailabilityState.Open
            : AvailabilityState.NoAgentsOnline;
        var next = state == AvailabilityState.Closed ? BusinessSchedule.NextOpening(hours, now) : null;
        return Task.FromResult(new QueueAvailability(QueueId, definition.Name, state, next, hours));
    }

    /// <summary>B4: an agent who works this queue is Online (Away takes no chats); from the cards agents keep current here.</summary>
    private bool AnyAgentOnline() => _agents.Values.Any(a => a.IsMember && a.Presence == Presence.Online);
}
