namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// One agent or supervisor (key: agent id): directory data, presence, settings, the chats it
/// owns and joined, and its Invites list (R11). Chats call the notification methods; consoles
/// call the rest.
/// </summary>
[Alias("LiveChat.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the directory data; presence, settings and chats are kept.</summary>
    [Alias("Register")] Task<AgentSnapshot> Register(AgentRegistration registration);
    /// <summary>
    /// Directory administration: the registration and, when given, the capacity in one write. A
    /// disabled agent goes offline; chats it is in re-check it against its new data at once.
    /// </summary>
    [Alias("Administer")] Task<AgentSnapshot> Administer(AgentRegistration registration, int? capacity);
    [Alias("GetSnapshot")] Task<AgentSnapshot> GetSnapshot();
    /// <summary>The same snapshot for another grain checking a rule while this agent may be waiting on it.</summary>
    [AlwaysInterleave, Alias("Peek")] Task<AgentSnapshot?> Peek();
    [Alias("SetPresence")] Task<AgentSnapshot> SetPresence(Presence presence);
    [Alias("UpdateSettings")] Task<AgentSnapshot> UpdateSettings(AgentSettings settings);

    /// <summary>The pending invites, each checked against its chat before it is shown.</summary>
    [Alias("GetInvites")] Task<IReadOnlyList<Invite>> GetInvites();

    // Called by chats: each is idempotent, so a chat may repeat it after a failure.
    [Alias("TrackInvite")] Task TrackInvite(Invite invite, bool notify);
    [Alias("ForgetInvite")] Task ForgetInvite(Invite invite);
    /// <summary>R14: an invite this agent sent expired; pushed to the agent's consoles (<see cref="AgentEventKind.SentInviteExpired"/>).</summary>
    [Alias("SentInviteExpired")] Task SentInviteExpired(Invite invite);
    /// <summary>T5/T6: a transfer offer this agent sent was accepted or declined; pushed to its consoles (<see cref="AgentEventKind.SentOfferAccepted"/>, <see cref="AgentEventKind.SentOfferDeclined"/>).</summary>
    [Alias("SentOfferAnswered")] Task SentOfferAnswered(Invite offer, long seq);
    /// <summary>SLA5: a chat of a queue this agent supervises ran past a limit; pushed to its consoles (<see cref="AgentEventKind.SlaBreached"/>), nothing stored.</summary>
    [Alias("Sla.SlaBreached")] Task SlaBreached(ChatSla sla, long seq);
    /// <summary>The chat is now assigned to this agent; refused (A1) when <paramref name="enforceCapacity"/> and the agent is full.</summary>
    [Alias("ChatAssigned")] Task ChatAssigned(string chatId, bool enforceCapacity);
    [Alias("ChatUnassigned")] Task ChatUnassigned(string chatId);
    [Alias("ChatJoined")] Task ChatJoined(JoinedChat chat);
    [Alias("ChatLeft")] Task ChatLeft(string chatId);

    [Alias("Subscribe")] Task Subscribe(IAgentObserver observer);
    /// <summary>
    /// Renews a subscription (observers are transient). True when <paramref name="observer"/> was not
    /// subscribed to this activation (the grain woke up again, maybe on another silo, or the
    /// subscription expired): events it pushed since the last renewal (an invite, a chat joined) may
    /// have reached no one, so the agent's consoles read again.
    /// </summary>
    [Alias("Realtime.RenewSubscription")] Task<bool> RenewSubscription(IAgentObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IAgentObserver observer);
}
