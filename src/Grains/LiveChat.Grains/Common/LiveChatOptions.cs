namespace LiveChat.Grains.Common;

/// <summary>Product settings a deployment may tune.</summary>
public sealed class LiveChatOptions
{
    public const string Section = "LiveChat";

    /// <summary>R14: an invite left unanswered this long expires.</summary>
    public TimeSpan InviteExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>T8: a transfer offer left unanswered this long expires, unless its queue sets its own time.</summary>
    public TimeSpan OfferExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a chat with pending invites checks them against the clock while active.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Grace before an invitee's list drops an invite its chat does not know (it may be mid-send).</summary>
    public TimeSpan InviteRepairGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a console's subscription lives unless renewed.</summary>
    public TimeSpan ObserverExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A waiting chat whose end user has had no connection and no activity (start, message,
    /// attachment, connecting or disconnecting) this long ends with <see cref="EndReason.EndUserGone"/>.
    /// </summary>
    public TimeSpan EndUserGoneAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a queue with waiting chats asks those waiting longer than <see cref="EndUserGoneAfter"/> to check themselves.</summary>
    public TimeSpan EndUserGoneCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a chat remembers an idempotency key: a retry later than this is a new request.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most keys one chat remembers (the newest are kept): each is stored with every write of the
    /// chat, so the bound keeps a message's write small; a console retries within seconds, long before
    /// this many other commands reach the same chat.
    /// </summary>
    public int IdempotencyKeysPerChat { get; set; } = 100;

    /// <summary>
    /// How often an Orleans reminder ticks while timed work is pending (a chat's invite expiry, a queue's
    /// abandoned-chat check). Reminders are what survive a restart or a deactivation: a deadline that
    /// passed while the silo was down is acted on at most this long after the silo is back. While the
    /// grain is active its timers keep the work punctual.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How much one chat may hold (section <c>LiveChat:Limits</c>).</summary>
    public ChatLimitOptions Limits { get; set; } = new();

    /// <summary>Retention and erasure (section <c>LiveChat:Retention</c>, docs/rules.md E1-E10).</summary>
    public LiveChat.Grains.Retention.RetentionOptions Retention { get; set; } = new();
}
