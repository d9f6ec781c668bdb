namespace LiveChat.Grains.Chat;

/// <summary>
/// What a chat persists. Bounded: the transcript keeps only its open tail here; full pages
/// move to <see cref="ITranscriptPageGrain"/>s so a write costs the same for the 10th and the
/// 10,000th message.
/// </summary>
// No reference tracking: the state is a tree (no cycles, no shared identity), and tracking every
// record of a long tail on each write showed up in the message path's CPU profile.
[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.ChatState")]
public sealed class ChatState
{
    [Id(0)] public bool Started { get; set; }
    [Id(1)] public string QueueId { get; set; } = "";
    [Id(2)] public EndUserInfo EndUser { get; set; } = new("", "");
    [Id(3)] public ChatStatus Status { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset WaitingSince { get; set; }
    [Id(6)] public string? AssigneeId { get; set; }
    [Id(7)] public List<ChatMember> Members { get; set; } = [];
    [Id(8)] public List<Invite> Invites { get; set; } = [];
    [Id(9)] public List<KnowledgeArticle> Pinned { get; set; } = [];
    [Id(10)] public List<KnowledgeArticle> Shared { get; set; } = [];
    [Id(11)] public List<AttachmentInfo> Attachments { get; set; } = [];
    [Id(12)] public List<TicketInfo> Tickets { get; set; } = [];
    [Id(13)] public List<RemoteAccessRequest> RemoteAccess { get; set; } = [];
    [Id(14)] public EndReason? EndReason { get; set; }
    /// <summary>The sequence number of the newest transcript entry.</summary>
    [Id(15)] public long LastSeq { get; set; }
    /// <summary>Pages of <see cref="PageSizeInUse"/> entries already stored in page grains.</summary>
    [Id(16)] public int SealedPages { get; set; }
    /// <summary>The entries after the sealed pages, oldest first.</summary>
    [Id(17)] public List<TranscriptEntry> Tail { get; set; } = [];
    [Id(18)] public string? AssigneeName { get; set; }
    /// <summary>The end user's first message, shown to agents choosing a waiting chat.</summary>
    [Id(19)] public string? Preview { get; set; }
    /// <summary>The transcript page size this chat started with; 0 in chats stored before it was recorded.</summary>
    [Id(20)] public int PageSize { get; set; }
    /// <summary>
    /// The end user's last sign of life: start, message, attachment, a connection opening or
    /// closing. Default (chats stored before it was kept): none, so the waiting time counts.
    /// </summary>
    [Id(26)] public DateTimeOffset EndUserLastSeen { get; set; }
    /// <summary>
    /// The end user's open console connections as the gateway reported them (at most
    /// <see cref="ChatSessionGrain.MaxEndUserConnections"/>): while any is open the end user has not gone.
    /// </summary>
    [Id(27)] public List<string> EndUserConnections { get; set; } = [];

    /// <summary>Random per-chat secret from which agents' aliases for the end user derive (<see cref="EndUserForm"/>).</summary>
    [Id(21)] public string? AliasSalt { get; set; }
    /// <summary>The end user's own sequence number of the newest entry it may see.</summary>
    [Id(22)] public long LastPublicSeq { get; set; }
    /// <summary>Per sealed page, the end user's sequence number before its first entry: finds a page by public number without reading the others.</summary>
    [Id(23)] public List<long> PublicSeqBeforePage { get; set; } = [];
    /// <summary>False in chats stored before public numbering: their transcript is numbered once when they activate.</summary>
    [Id(24)] public bool PublicNumbered { get; set; }
    /// <summary>Display names of every agent who was assignee or member, so the end user's view names agents who left too.</summary>
    [Id(25)] public Dictionary<string, string> AgentNames { get; set; } = [];

    /// <summary>
    /// Idempotency keys of the commands that created something here, oldest first, committed in the
    /// same write as what they created; bounded by <see cref="LiveChatOptions.IdempotencyKeysPerChat"/>
    /// and <see cref="LiveChatOptions.IdempotencyWindow"/>.
    /// </summary>
    [Id(30)] public List<CommandKey> CommandKeys { get; set; } = [];
    /// <summary>The key the chat was started with, if any: a retried start returns this chat.</summary>
    [Id(31)] public CommandKey? StartKey { get; set; }
    /// <summary>
    /// The invitees in the chat when it ended (ending empties <see cref="Members"/>): a member's retry
    /// of a command committed before the end still learns its first result (IdempotencyKeys).
    /// Empty in chats that ended before it was kept: there only the assignee's retries replay.
    /// </summary>
    [Id(32)] public List<ChatMember> MembersAtEnd { get; set; } = [];

    // Satisfaction (C1-C5, ChatSessionGrain.Satisfaction.cs): ids from 50 leave room for other new fields.
    /// <summary>When the chat ended; null while it runs and in chats ended before this was kept (those are not rated).</summary>
    [Id(50)] public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Whether the chat's queue asked for a rating when the chat ended (its switch at that moment).</summary>
    [Id(51)] public bool SatisfactionAsked { get; set; }
    /// <summary>The end user's rating: at most one per chat.</summary>
    [Id(52)] public SatisfactionRating? Satisfaction { get; set; }
    /// <summary>Whether the queue's figures counted the rating yet (a failed report is retried on activation).</summary>
    [Id(53)] public bool SatisfactionCounted { get; set; }

    // Offline messages (O1-O4, ChatSessionGrain.OfflineMessages.cs): ids from 140.
    /// <summary>The chat is a message the end user left for the queue: never ended as gone, never assigned automatically (O3).</summary>
    [Id(140)] public bool Offline { get; set; }
    /// <summary>How the end user of an offline chat asked to be answered (an email address or a phone number), for its agents.</summary>
    [Id(141)] public string? OfflineContact { get; set; }
    // Retention and erasure (E1-E8, ChatSessionGrain.Erasure.cs): ids 160-179.
    /// <summary>Set once the chat is erased: then the only thing its row holds (E2).</summary>
    [Id(160)] public ChatTombstone? Tombstone { get; set; }
    /// <summary>Whether the queue's retention index was told of the end (false in chats ended before it existed: told on activation).</summary>
    [Id(161)] public bool RetentionIndexed { get; set; }
    /// <summary>Whether the end user's index lists this chat (false in chats started before it existed: registered on activation).</summary>
    [Id(162)] public bool EndUserIndexed { get; set; }
    // Response-time SLAs (SLA1-SLA9, ChatSessionGrain.Sla.cs): ids 120-139.
    /// <summary>The running response-time clock, if any: what it measures, since when, its limit, and when it was breached.</summary>
    [Id(120)] public SlaClock? SlaClock { get; set; }
    /// <summary>When an agent first answered the end user; null until then (SLA2).</summary>
    [Id(121)] public DateTimeOffset? SlaFirstAnsweredAt { get; set; }
    /// <summary>When the end user's oldest message not yet answered by an agent was sent; null when answered (SLA3).</summary>
    [Id(122)] public DateTimeOffset? SlaUnansweredSince { get; set; }

    // Supervisors' reports (RP1-RP5, ChatSessionGrain.Reports.cs): ids 200-219.
    /// <summary>When an agent was first assigned the chat, for its handle time; null until then and in chats assigned before reports.</summary>
    [Id(200)] public DateTimeOffset? ReportFirstAssignedAt { get; set; }

    public int PageSizeInUse => PageSize > 0 ? PageSize : TranscriptPaging.LegacyPageSize;
}
