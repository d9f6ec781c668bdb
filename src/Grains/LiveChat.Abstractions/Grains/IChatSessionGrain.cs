namespace LiveChat.Grains;

using LiveChat.Model;

/// <summary>
/// One chat (key: chat id): its lifecycle, its people, its invites and its transcript.
/// The chat is the source of truth for its invites; the invitee's Invites list mirrors it.
/// Every agent id passed in is the caller's own identity, established by the gateway.
/// </summary>
[Alias("LiveChat.IChatSessionGrain")]
public interface IChatSessionGrain : IGrainWithStringKey
{
    // Lifecycle -------------------------------------------------------------------------
    [Alias("Start")] Task<ChatSnapshot> Start(StartChatRequest request);
    /// <summary>An agent takes a waiting chat from its queue view.</summary>
    [Alias("Accept")] Task<ChatSnapshot> Accept(string agentId);
    /// <summary>Automatic assignment by the queue; refused when the agent is no longer eligible.</summary>
    [Alias("AssignFromQueue")] Task<AssignOutcome> AssignFromQueue(string agentId);
    [Alias("Release")] Task Release(string agentId);
    [Alias("TransferToAgent")] Task TransferToAgent(string agentId, string targetAgentId);
    [Alias("TransferToQueue")] Task TransferToQueue(string agentId, string targetQueueId);
    [Alias("Abandon")] Task Abandon(string agentId);
    [Alias("End")] Task End(string agentId);
    [Alias("EndByEndUser")] Task EndByEndUser(string endUserId);
    /// <summary>
    /// O1, O2: a message left for the queue (whether it is open or not) becomes this chat, waiting
    /// as an offline chat its agents answer later (O3); the end user comes back to it with its token (O4).
    /// </summary>
    [Alias("OfflineMessages.LeaveMessage")] Task<ChatSnapshot> LeaveMessage(LeaveMessageRequest request);

    // The end user's presence: a waiting chat whose end user has gone ends (EndReason.EndUserGone).
    /// <summary>A connection of the end user's console opened (the gateway's hub says so); counts as activity.</summary>
    [Alias("EndUserConnected")] Task EndUserConnected(string endUserId, string connectionId);
    /// <summary>That connection closed; the absence is timed from now. Never refuses: a stray notice is dropped.</summary>
    [Alias("EndUserDisconnected")] Task EndUserDisconnected(string endUserId, string connectionId);
    /// <summary>
    /// Ends the chat if it is waiting and its end user has had no connection and no activity for
    /// <c>LiveChat:EndUserGoneAfter</c>; true when it ended now. Asked by the queue's timer.
    /// </summary>
    [Alias("CheckEndUserGone")] Task<bool> CheckEndUserGone();

    // Conversation (A-table) ------------------------------------------------------------
    // Every call that creates something takes an optional idempotency key (IdempotencyKeys): a
    // retry with the caller's same key returns the first result; the same key with another
    // request is refused (rule "Idempotency"). EnsureMay*Attach with a key already used passes,
    // so a retried upload reaches the recorded result even when the first filled the quota.
    [Alias("PostAgentMessage")] Task<TranscriptEntry> PostAgentMessage(string agentId, string text, string? idempotencyKey = null);
    [Alias("PostEndUserMessage")] Task<TranscriptEntry> PostEndUserMessage(string endUserId, string text, string? idempotencyKey = null);
    [Alias("SendCannedText")] Task<TranscriptEntry> SendCannedText(string agentId, string cannedResponseId, string? idempotencyKey = null);
    [Alias("AddSideNote")] Task<TranscriptEntry> AddSideNote(string agentId, string text, string? idempotencyKey = null);
    [Alias("AddAgentAttachment")] Task<TranscriptEntry> AddAgentAttachment(string agentId, AttachmentInfo attachment, string? idempotencyKey = null);
    [Alias("AddEndUserAttachment")] Task<TranscriptEntry> AddEndUserAttachment(string endUserId, AttachmentInfo attachment, string? idempotencyKey = null);
    /// <summary>An attachment's metadata for someone who may receive attachments (A9): assignee, participant.</summary>
    [Alias("GetAttachment")] Task<AttachmentInfo> GetAttachment(string agentId, string attachmentId);
    [Alias("GetEndUserAttachment")] Task<AttachmentInfo> GetEndUserAttachment(string endUserId, string attachmentId);
    [Alias("PinArticle")] Task PinArticle(string agentId, string articleId);
    [Alias("UnpinArticle")] Task UnpinArticle(string agentId, string articleId);
    [Alias("ShareArticle")] Task<TranscriptEntry> ShareArticle(string agentId, string articleId, string? idempotencyKey = null);
    [Alias("CreateTicket")] Task<TicketInfo> CreateTicket(string agentId, string summary, string? idempotencyKey = null);
    [Alias("RequestRemoteAccess")] Task<RemoteAccessRequest> RequestRemoteAccess(string agentId, string? idempotencyKey = null);
    [Alias("Leave")] Task Leave(string agentId);

    // Invites (R1-R15) ------------------------------------------------------------------
    [Alias("Invite")] Task<Invite> Invite(string inviterId, string inviteeId, JoinMode mode, string? idempotencyKey = null);
    [Alias("ChangeInviteMode")] Task<Invite> ChangeInviteMode(string inviterId, string inviteId, JoinMode mode);
    [Alias("ResendInvite")] Task<Invite> ResendInvite(string inviterId, string inviteId);
    [Alias("CancelInvite")] Task<Invite> CancelInvite(string inviterId, string inviteId);
    [Alias("RespondToInvite")] Task<Invite> RespondToInvite(string inviteeId, string inviteId, InviteAnswer answer);
    /// <summary>The invite details the inviter sees behind the "+N" indicator (R10).</summary>
    [Alias("GetInvites")] Task<IReadOnlyList<Invite>> GetInvites(string agentId);
    [Alias("SearchInvitees")] Task<IReadOnlyList<AgentSearchHit>> SearchInvitees(string inviterId, string query);
    // Transfer offers (T1-T9): a transfer the receiver accepts or declines. An offer is an entry of
    // the chat's invite list (Kind TransferOffer), so it shows in the receiver's Invites list.
    /// <summary>
    /// The assignee offers the chat to <paramref name="receiverId"/>, of the chat's queue or of
    /// <paramref name="toQueueId"/> (the chat then moves there on acceptance); <paramref name="senderStays"/>
    /// keeps the sender as Participant after the handover (same queue only).
    /// </summary>
    [Alias("OfferTransfer")] Task<Invite> OfferTransfer(string senderId, string receiverId, bool senderStays, string? toQueueId = null, string? idempotencyKey = null);
    [Alias("AcceptOffer")] Task<Invite> AcceptOffer(string receiverId, string offerId);
    [Alias("DeclineOffer")] Task<Invite> DeclineOffer(string receiverId, string offerId);
    [Alias("CancelOffer")] Task<Invite> CancelOffer(string senderId, string offerId);
    /// <summary>Online agents holding ESChat_Agent of the chat's queue (or <paramref name="queueId"/>) the assignee may offer the chat to.</summary>
    [Alias("SearchOfferReceivers")] Task<IReadOnlyList<AgentSearchHit>> SearchOfferReceivers(string senderId, string? queueId, string query);

    /// <summary>A supervisor joins from the monitoring dashboard without an invite (R13).</summary>
    [Alias("SupervisorJoin")] Task SupervisorJoin(string supervisorId, JoinMode mode);

    /// <summary>The current state of one invite, for the invitee's Invites list to check itself against (repair on read).</summary>
    [AlwaysInterleave, Alias("PeekInvite")] Task<Invite?> PeekInvite(string inviteId);

    /// <summary>R15: the agent went offline; it leaves the chat if it joined without owning it.</summary>
    [OneWay, Alias("MemberWentOffline")] Task MemberWentOffline(string agentId);


    /// <summary>
    /// The agent's directory data changed (disabled, queue, supervision or ESChat_Agent removed):
    /// the chat re-checks it. An assignee who may no longer work the chat's queue releases it back
    /// to the queue; a member who may no longer be in the chat leaves.
    /// </summary>
    [OneWay, Alias("MemberDirectoryChanged")] Task MemberDirectoryChanged(string agentId);

    /// <summary>
    /// Refuses (A7) unless the agent may chat with the end user now: lets a gateway relay
    /// ephemeral signals such as typing without deciding who may send them.
    /// </summary>
    [AlwaysInterleave, Alias("EnsureMayChat")] Task EnsureMayChat(string agentId);

    /// <summary>
    /// <see cref="EnsureMayChat"/>, answering how the end user sees this agent (its per-chat alias and
    /// name, never its sign-in id): lets a gateway relay the agent's typing to the end user.
    /// </summary>
    [AlwaysInterleave, Alias("EnsureMayChatSeenByEndUser")] Task<Actor> EnsureMayChatSeenByEndUser(string agentId);
    /// <summary>
    /// Refuses unless the agent may send attachments now (A9) and the chat's attachment quota has
    /// room for one more file of <paramref name="size"/> bytes (Limits). Read-only: a gateway asks
    /// before it stores any byte; recording the attachment checks again.
    /// </summary>
    [AlwaysInterleave, Alias("EnsureMayAttach")] Task EnsureMayAttach(string agentId, long size, string? idempotencyKey = null);
    /// <summary>The end user's side of <see cref="EnsureMayAttach"/>.</summary>
    [AlwaysInterleave, Alias("EnsureEndUserMayAttach")] Task EnsureEndUserMayAttach(string endUserId, long size, string? idempotencyKey = null);

    // Reading ---------------------------------------------------------------------------
    [Alias("GetSnapshot")] Task<ChatSnapshot> GetSnapshot(string agentId);
    [Alias("GetEndUserView")] Task<EndUserChatView> GetEndUserView(string endUserId);
    /// <summary>
    /// The transcript as an agent in the chat sees it (A11). Audit-only entries
    /// (<paramref name="includeAudit"/>) are for the assignee and supervisors of the chat's queue
    /// who joined it (R13); anyone else is refused with rule "Audit".
    /// </summary>
    [Alias("ReadTranscript")] Task<TranscriptSlice> ReadTranscript(string agentId, long afterSeq, int max, bool includeAudit = false);
    /// <summary>The end user's transcript: its own sequence numbers (<paramref name="afterSeq"/> is one), agents by alias.</summary>
    [Alias("ReadEndUserTranscript")] Task<TranscriptSlice> ReadEndUserTranscript(string endUserId, long afterSeq, int max);

    // Satisfaction (C1-C5) ---------------------------------------------------------------
    /// <summary>
    /// The end user rates its ended chat once, within the window, if its queue asks (docs/rules.md C1-C4).
    /// A retry with the first call's <paramref name="idempotencyKey"/> returns the stored rating.
    /// </summary>
    [Alias("RateChat")] Task<SatisfactionRating> RateChat(string endUserId, int rating, string? comment, string? idempotencyKey = null);

    // Retention and erasure (E1-E10) -----------------------------------------------------
    /// <summary>Where the chat stands for retention; read-only.</summary>
    [AlwaysInterleave, Alias("Retention.PeekRetention")] Task<ChatRetentionInfo> PeekRetention();
    /// <summary>
    /// Erases the ended chat (E2): its transcript pages and its own row are deleted, its files handed
    /// to the attachment store to delete, a tombstone stays. Refused (E4) while it is waiting or active;
    /// null for a chat that never started; the same tombstone again for one already erased.
    /// </summary>
    [Alias("Retention.Erase")] Task<ChatTombstone?> Erase(ErasureReason reason);

    [Alias("Subscribe")] Task Subscribe(IChatObserver observer);
    /// <summary>
    /// Renews a subscription (observers are transient). True when <paramref name="observer"/> was not
    /// subscribed to this activation (the chat woke up again, maybe on another silo, or the
    /// subscription expired): entries it pushed since the last renewal may have reached no one, so
    /// its watchers read again.
    /// </summary>
    [Alias("Realtime.RenewSubscription")] Task<bool> RenewSubscription(IChatObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IChatObserver observer);
}
