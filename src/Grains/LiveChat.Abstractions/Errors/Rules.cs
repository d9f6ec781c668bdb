namespace LiveChat.Errors;

/// <summary>
/// Every rule id a refusal can carry (<see cref="RuleViolationException.RuleId"/>, the problem's
/// <c>ruleId</c>), each quoting its rule from docs/rules.md. Numbered rules first, then the
/// project's own ids. One place, so a rule is found by name and never mistyped.
/// </summary>
public static class Rules
{
    // Invites (R1-R15)
    /// <summary>Sending and receiving an invite both need the ESChat_Agent permission; without it the invite is refused with the reason.</summary>
    public const string R1 = "R1";
    /// <summary>The invitee is online, belongs to the chat's queue, is not in the chat already (as assignee, Participant or Monitor) and has no invite to it still pending.</summary>
    public const string R2 = "R2";
    /// <summary>Inviting is an action of the chat's assignee; invitees do not invite.</summary>
    public const string R3 = "R3";
    /// <summary>Only an Active chat takes invites.</summary>
    public const string R4 = "R4";
    /// <summary>The inviter chooses the mode of the invite: Participant (may do what the action table allows a Participant) or Monitor (only watches and leaves).</summary>
    public const string R5 = "R5";
    /// <summary>The invitee answers from its Invites list with Participate (a Participant invite only), Monitor (a Monitor invite only) or Reject; any other answer is refused, as is an answer from someone else.</summary>
    public const string R6 = "R6";
    /// <summary>Once in the chat, an invitee keeps its mode: no switching between Participant and Monitor.</summary>
    public const string R7 = "R7";
    /// <summary>The inviter may change an invite's mode while it is Pending or Rejected, never once it was accepted.</summary>
    public const string R8 = "R8";
    /// <summary>After rejecting, the invitee cannot join until the inviter resends the invite; resending makes it Pending again and keeps the earlier answers in its history.</summary>
    public const string R9 = "R9";
    /// <summary>The inviter sees each invite in detail: mode, status, and every answer of the invitee with its time.</summary>
    public const string R10 = "R10";
    /// <summary>The invitee learns of an invite at once (a push to its console, which shows a browser notification if the agent turned them on) and finds it in its Invites list.</summary>
    public const string R11 = "R11";
    /// <summary>The invite dialog finds agents by first name, last name, full name or email, ignoring case and matching any part, among the online agents of the chat's queue who hold ESChat_Agent and are not in the chat.</summary>
    public const string R12 = "R12";
    /// <summary>A supervisor joins any active chat of a queue it supervises from the dashboard, without an invite: as Monitor, or (decided, as the vendor's dashboard allows) as Participant to barge in.</summary>
    public const string R13 = "R13";
    /// <summary>The inviter may cancel a pending invite; an invite nobody answers expires after a configurable time (LiveChat:InviteExpiry, 5 minutes by default).</summary>
    public const string R14 = "R14";
    /// <summary>An invitee who goes offline leaves the chats it joined by invite; its pending invites stay pending until answered, cancelled or expired.</summary>
    public const string R15 = "R15";

    // Transfer with accept (T1-T9)
    /// <summary>Offering is the transfer of A1: only the assignee of an Active chat offers it (participants, monitors and supervisors do not), and it needs ESChat_Agent.</summary>
    public const string T1 = "T1";
    /// <summary>The receiver is a known, enabled agent holding ESChat_Agent, online, working the queue the chat will be in, not the assignee, and without a pending invite to this chat.</summary>
    public const string T2 = "T2";
    /// <summary>One pending offer per chat at a time: a second is refused until the first is accepted, declined, cancelled or expired.</summary>
    public const string T3 = "T3";
    /// <summary>The offer says what happens to the sender: it stays as Participant (senderStays) or leaves the chat.</summary>
    public const string T4 = "T4";
    /// <summary>Only the receiver accepts, while the offer is pending, the chat active and the receiver still online and allowed (T2 checked again).</summary>
    public const string T5 = "T5";
    /// <summary>Only the receiver declines a pending offer.</summary>
    public const string T6 = "T6";
    /// <summary>Only the sender cancels a pending offer, and only while it is the assignee; the system cancels it when the chat is released, transferred, moved to a queue or ended.</summary>
    public const string T7 = "T7";
    /// <summary>An unanswered offer expires after its queue's offerExpirySeconds (10–3600, set in the directory's queue), else LiveChat:OfferExpiry (2 minutes by default): shorter than an invite, since a customer waits on it.</summary>
    public const string T8 = "T8";
    /// <summary>Offers and invites share the chat's list and its bound (Limits, MaxInvites), but not their routes: the invite routes (mode, resend, cancel, response) refuse an offer with T9, and the offer routes answer 404 for an …</summary>
    public const string T9 = "T9";

    // The action table (A1-A11)
    /// <summary>A member may end, abandon, release or transfer the chat: assignee.</summary>
    public const string A1 = "A1";
    /// <summary>A member may write side notes (private notes among the agents): assignee.</summary>
    public const string A2 = "A2";
    /// <summary>A member may ask the end user for remote access to its desktop: assignee.</summary>
    public const string A3 = "A3";
    /// <summary>A member may create a ticket from the chat: assignee.</summary>
    public const string A4 = "A4";
    /// <summary>A member may pin knowledge articles: assignee.</summary>
    public const string A5 = "A5";
    /// <summary>A member may share knowledge articles with the end user: assignee, Participant.</summary>
    public const string A6 = "A6";
    /// <summary>A member may chat with the end user: assignee, Participant.</summary>
    public const string A7 = "A7";
    /// <summary>A member may send canned text: assignee, Participant.</summary>
    public const string A8 = "A8";
    /// <summary>A member may send and receive attachments: assignee, Participant.</summary>
    public const string A9 = "A9";
    /// <summary>A member may leave the chat: Participant, Monitor.</summary>
    public const string A10 = "A10";
    /// <summary>A member may see the live transcript, the side notes and the pinned articles: assignee, Participant, Monitor.</summary>
    public const string A11 = "A11";

    // Around the invite (S1-S5)
    /// <summary>When an invitee joins, the chat gets a system message.</summary>
    public const string S1 = "S1";
    /// <summary>The invitee sees the articles pinned before it joined; (decided) articles pinned later reach it live, without leaving and reopening the chat.</summary>
    public const string S2 = "S2";
    /// <summary>With automatic assignment on, chats an agent joined by invite do not count toward its load.</summary>
    public const string S3 = "S3";
    /// <summary>An invitee that later becomes the chat's assignee (e.g.</summary>
    public const string S4 = "S4";
    /// <summary>A joining invitee sees the conversation from its start, not only what follows its join.</summary>
    public const string S5 = "S5";

    // Webhooks (W1-W9)
    /// <summary>Events: chat.started, chat.assigned, chat.ended, message.posted (messages the end user sees, from either side; not side notes), invite.sent (sent or resent), invite.answered (accepted or rejected), offer.answered and …</summary>
    public const string W1 = "W1";
    /// <summary>Signed: every delivery is a POST with X-LiveChat-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 over "t.body"&gt; under the endpoint's secret, plus X-LiveChat-Delivery (delivery id), X-LiveChat-Event and …</summary>
    public const string W2 = "W2";
    /// <summary>Targets (SSRF): an endpoint is https to a public address.</summary>
    public const string W3 = "W3";
    /// <summary>Retries: a failed attempt (non-2xx, no answer within Timeout, 5 s; refused connection) is tried again after FirstRetryDelay (2 s) × 2^(attempt−1), at most MaxRetryDelay (5 min), plus up to 20 % jitter, until RetryFor …</summary>
    public const string W4 = "W4";
    /// <summary>Bounded outbox: an endpoint holds at most MaxPending (500) waiting deliveries.</summary>
    public const string W5 = "W5";
    /// <summary>Chats never wait: the chat hands its events to the router one-way after its commit; the router hands them to outboxes, which only store them (one write) and deliver from their own timer, reentrant, so an attempt in …</summary>
    public const string W6 = "W6";
    /// <summary>At least once, with a stable id: each endpoint's delivery id is derived from the endpoint and the event's chat and sequence number, so it is the same on every retry and for an event handed off twice; the outbox skips …</summary>
    public const string W7 = "W7";
    /// <summary>Admin only and audited: every registry call checks the caller is an enabled agent with the Admin role (rule Admin, 403; the gateway's admin policy answers non-admins with Auth first).</summary>
    public const string W8 = "W8";
    /// <summary>The customer journey's last two events.</summary>
    public const string W9 = "W9";

    // Live queues (Q1-Q3)
    /// <summary>Only the queue's agents and supervisors receive its waiting list, at watch time and at every push: the hub's WatchWaiting(queueId) asks the queue (which asks the agent's grain: QueueAccess, 403-like hub error) and …</summary>
    public const string Q1 = "Q1";
    /// <summary>Bounded and numbered: each change of the waiting list (a chat arrived or left) is one push with the chat, the number waiting in all, and the first QueueWaitingView.HeadSize (20) waiting chats only when the change …</summary>
    public const string Q2 = "Q2";
    /// <summary>The dashboard lists active chats by customer, assignee, members with their modes, how long the customer waited before the chat was taken, SLA state and pending invite or transfer offer (invitee, mode); the queue's …</summary>
    public const string Q3 = "Q3";

    // Satisfaction and transcripts (C1-C5, D1)
    /// <summary>Only the chat's own end user (its chat token) rates, only once the chat has ended, and only if the chat's queue asks: the admin's per-queue switch askSatisfaction (admin queue API and page), read when the chat ends, …</summary>
    public const string C1 = "C1";
    /// <summary>A rating is a whole number from 1 to 5 (required); the comment is optional, cleaned like names (control, bidi and zero-width characters dropped, white space runs made one) and at most 1,000 characters; a blank …</summary>
    public const string C2 = "C2";
    /// <summary>One rating per chat: a second is refused (409) and the first stays.</summary>
    public const string C3 = "C3";
    /// <summary>A rating comes within 24 hours of the chat's end (SatisfactionLimits.Window); later it is refused (409).</summary>
    public const string C4 = "C4";
    /// <summary>The rating is stored with the chat and shown to its agents (satisfaction in the chat's snapshot, and an agents-only line in the transcript); the queue counts ratings in all and per agent (the assignee when the chat …</summary>
    public const string C5 = "C5";
    /// <summary>Transcript download (GET /api/chats/{chatId}/transcript/download, GET /api/enduser/chat/transcript/download, format=json or html): agents get what A11 lets them read (the assignee and members; audit-only entries left …</summary>
    public const string D1 = "D1";

    // Business hours and messages (B1-B4, O1-O4)
    /// <summary>A queue's business hours (businessHours of the admin queue API and page; null, the default, means always open) are an IANA time zone id (Europe/Berlin; known to the runtime's time zone data, at most 64 characters; …</summary>
    public const string B1 = "B1";
    /// <summary>A queue is open when the current instant, in the queue's zone, falls within an opening of that local weekday (from opens inclusive to closes exclusive) and the local date is not a holiday.</summary>
    public const string B2 = "B2";
    /// <summary>While its queue is closed (B2), a live chat is refused (409): nobody would answer it, and the page offers to leave a message instead.</summary>
    public const string B3 = "B3";
    /// <summary>Within business hours but with no agent of the queue Online (Away takes no chats; supervisors who do not work the queue do not count), the status is NoAgentsOnline: a chat may still start and wait for the first agent …</summary>
    public const string B4 = "B4";
    /// <summary>A message (POST /api/enduser/offline-messages, anonymous) has a display name (rule Names), a contact (an email address or a phone number, as typed: cleaned like names, 3–254 characters; its form is not checked, so …</summary>
    public const string O1 = "O1";
    /// <summary>The message becomes an offline chat in its queue's waiting list (in arrival order like any chat, flagged offline: true in the waiting list, the agents' snapshot and the end user's view; the console marks it "Message").</summary>
    public const string O2 = "O2";
    /// <summary>An offline chat waits for its answer however long its customer is away (EndUserGone does not apply, and the queue does not ask it).</summary>
    public const string O3 = "O3";
    /// <summary>The customer who comes back with its link reads the chat as the end user (its view and transcript: the agents' answers under their chat aliases and names, never the contact line or side notes), may write more while …</summary>
    public const string O4 = "O4";

    // Retention and erasure (E1-E10)
    /// <summary>Every queue has a retention: ended chats are erased once this many days passed since they ended.</summary>
    public const string E1 = "E1";
    /// <summary>An erased chat leaves a tombstone: chat id, queue, created, ended and erased times, and the reason (Retention or Request).</summary>
    public const string E2 = "E2";
    /// <summary>An admin erases every chat of one end user: POST /api/admin/end-users/erase with the end user in the body (never in the address, so no access log names who a request was about).</summary>
    public const string E3 = "E3";
    /// <summary>An end user with a chat still waiting or active is not erased: the request is refused (409 E4) and nothing is erased, so the admin never leaves a conversation half-gone while someone is in it; the admin retries once …</summary>
    public const string E4 = "E4";
    /// <summary>An admin exports every chat kept of one end user (POST /api/admin/end-users/export, same body as E3) before or without erasing: one JSON file (end-user-export.json) { subject, exportedAt, chats: [ { chatId, queueId, …</summary>
    public const string E5 = "E5";
    /// <summary>Every retention change, export, erasure request and sweep that erased something is a line of the directory's audit trail (GET /api/admin/audit): who (the admin, or system:retention), when, target (queue:&lt;id&gt;, or …</summary>
    public const string E6 = "E6";
    /// <summary>Bounded: a queue's index of ended chats is stored in pages of at most 256 (a chat ending writes one page; the head is rewritten when a page opens or empties); a sweep tick erases at most LiveChat:Retention:SweepBatch …</summary>
    public const string E7 = "E7";
    /// <summary>Erasure deletes from storage.</summary>
    public const string E8 = "E8";
    /// <summary>An erased chat's webhook deliveries still waiting are withdrawn: before the chat deletes anything (so a retry after a crash withdraws again), it has every endpoint's outbox (IWebhookOutboxGrain.Withdraw) remove that …</summary>
    public const string E9 = "E9";
    /// <summary>An erased chat leaves no card in its queue.</summary>
    public const string E10 = "E10";

    // Response-time SLAs (SLA1-SLA9)
    /// <summary>A queue's firstResponseLimitSeconds and replyLimitSeconds are each null (no limit) or 10–86,400 seconds (below 10 no agent can read and answer; above a day it is no live-chat promise); slaBreachAction is None, …</summary>
    public const string SLA1 = "SLA1";
    /// <summary>The first-response clock starts with the chat (in queues with a first-response limit at that moment) and stops at the first agent message to the end user: a message, canned text, a file or a shared article — not a …</summary>
    public const string SLA2 = "SLA2";
    /// <summary>After the first answer (or in queues without a first-response limit), the reply clock starts with the end user's oldest unanswered message or file and stops at the next agent message (as in SLA2).</summary>
    public const string SLA3 = "SLA3";
    /// <summary>A chat's SLA state is Ok (no clock, or less than 80 % of the limit passed), DueSoon (80 % passed) or Breached (the limit passed; it stays so until an agent answers), with the clock's kind, since (when the customer …</summary>
    public const string SLA4 = "SLA4";
    /// <summary>A breach is recorded once per clock (no alert storm): one agents-only system line in the transcript (refId sla:FirstResponse or sla:Reply, so the chat's agents and its audit trail see it, the end user does not), …</summary>
    public const string SLA5 = "SLA5";
    /// <summary>OfferToAnotherAgent: an active chat past its limit is offered, as a transfer offer in the assignee's name (T1–T9: one pending offer, the queue's offer expiry, accept or decline), to the least loaded online agent of …</summary>
    public const string SLA6 = "SLA6";
    /// <summary>ReturnToQueue: an active chat past its limit goes back to the queue through the release path (pending invites and offers cancelled, members stay), with a transcript line the end user sees too ("The chat went back to …</summary>
    public const string SLA7 = "SLA7";
    /// <summary>Clocks survive deactivation and restarts: the clock is stored with the chat, and the chat's one reminder (the invite-expiry reminder, ChatSessionGrain.Reminders.cs) ticks while a clock runs — never one reminder per …</summary>
    public const string SLA8 = "SLA8";
    /// <summary>The queue's live figures list its chats that are due soon or breached (QueueFigures.sla, most overdue first, at most 200); a chat not listed is ok.</summary>
    public const string SLA9 = "SLA9";

    // Reports (RP1-RP5)
    /// <summary>What counts, on the UTC day it happened, in the chat's queue at that moment: started (a live chat started; a message left for the team, O2, counts nowhere), answered (the first agent message to the end user as SLA2 …</summary>
    public const string RP1 = "RP1";
    /// <summary>A queue's report is read by the supervisors of that queue and by enabled admins; anyone else gets 403 RP2 (an admin asking for a queue that does not exist: 404 RP2).</summary>
    public const string RP2 = "RP2";
    /// <summary>queue is a queue id (required) and range is today (the current UTC day), 7d or 30d (that many UTC days ending today); anything else is 400 RP3.</summary>
    public const string RP3 = "RP3";
    /// <summary>Each event is counted once.</summary>
    public const string RP4 = "RP4";
    /// <summary>State stays bounded: a day holds counts and two fixed histograms (bucket upper bounds 5 s … 24 h, one more for longer) for the queue and each agent, at most 500 agents per queue-day (more count in the queue's totals …</summary>
    public const string RP5 = "RP5";

    // The project's own ids
    /// <summary>The chat lifecycle above: who may move a chat along it and when (accept only a waiting chat, act only on a chat that has not ended, start a chat once with valid ids).</summary>
    public const string Lifecycle = "Lifecycle";
    /// <summary>Directory data is complete and consistent: names of 1–100 characters, an email with @, a known role, lists present, capacity 0–50, only supervisors supervise, known queues; presence and settings values.</summary>
    public const string Directory = "Directory";
    /// <summary>Only an enabled agent with the Admin role administers the directory; an admin cannot disable itself or drop its own Admin role.</summary>
    public const string Admin = "Admin";
    /// <summary>A disabled agent makes no calls of its own and is given no chats; disabling takes it offline, puts its assigned chats back in their queues and makes it leave chats it joined.</summary>
    public const string Disabled = "Disabled";
    /// <summary>Webhook endpoints are an https URL on a public address (W3) with at least one known event; an unknown endpoint id is not found.</summary>
    public const string Webhooks = "Webhooks";
    /// <summary>A queue's settings, canned text and waiting chats (customer names, first messages) are read only by its agents and its supervisors; an unknown queue is refused the same way.</summary>
    public const string QueueAccess = "QueueAccess";
    /// <summary>A chat's audit trail (entries kept for audit only, such as a monitor's join where system notifications are off) is read and pushed only to the assignee and to supervisors of its queue who joined it.</summary>
    public const string Audit = "Audit";
    /// <summary>Every list a chat keeps is bounded (invites, one invite's steps, tickets, remote-access requests, pinned articles, attachments and their bytes; LiveChat:Limits); a call past a bound is refused and the message names …</summary>
    public const string Limits = "Limits";
    /// <summary>Names others see lose control, bidi and zero-width characters, have 1–100 characters, and may not pass for the product's own lines ("System", "Support", "LiveChat", "Admin", "The chat", …).</summary>
    public const string Names = "Names";
    /// <summary>A caller is who its token says: a valid token of the gateway or of the configured OpenID provider, for a known and enabled agent (role, permissions and queues come from the directory, never from the token), or an end …</summary>
    public const string Auth = "Auth";
    /// <summary>A host website's signed visitor token (identified visitors) must be valid: signed with the site's secret, for audience livechat-visitor, from a known site, not expired and not too long-lived.</summary>
    public const string Visitor = "Visitor";
    /// <summary>The request itself is malformed before any grain sees it: not JSON, wrong types, a missing body, a body too large (413) or of the wrong type (415), an enum given as a number.</summary>
    public const string Request = "Request";
    /// <summary>Too many requests from one caller in a window (Gateway:RateLimits); the answer says when to retry (Retry-After).</summary>
    public const string RateLimit = "RateLimit";
    /// <summary>Nothing is called that: an unknown route or id that cannot name anything (empty, control characters: 404), an id in the route longer than a grain id may be (ChatLimits.MaxIdLength, 128 characters, the limit the …</summary>
    public const string Route = "Route";
    /// <summary>The cluster did not answer in time (Gateway:Cluster:ResponseTimeout, 5 s by default, in both modes: embedded mode bounds its calls with GatewayCallTimeoutFilter) or is restarting; nothing is known to have changed, …</summary>
    public const string Unavailable = "Unavailable";
    /// <summary>Something unexpected failed inside the gateway; it was logged, and the answer says no more.</summary>
    public const string Service = "Service";
    /// <summary>A creating call may carry an Idempotency-Key: the same caller's retry with it returns the first result and stores nothing twice; the same key with another request is a 409; a malformed key a 400.</summary>
    public const string Idempotency = "Idempotency";
}
