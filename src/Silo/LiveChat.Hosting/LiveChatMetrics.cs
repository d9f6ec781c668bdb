namespace LiveChat.Hosting;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

/// <summary>
/// The chat figures of one silo, on the meter "LiveChat" (Prometheus names in brackets):
/// chats started and ended [livechat_chats_started_total, livechat_chats_ended_total{reason}],
/// chats active as this silo last saw them [livechat_chats_active], invites sent, accepted and
/// rejected [livechat_invites_sent_total, livechat_invites_accepted_total, livechat_invites_rejected_total],
/// messages posted [livechat_messages_posted_total{sender}] (messages per second: its rate) and
/// calls a rule refused [livechat_calls_refused_total{rule}]. Counted by <see cref="ChatMetricsCallFilter"/>
/// from the chat grain calls that succeed: the grains know nothing of it.
/// </summary>
public sealed class LiveChatMetrics : IDisposable
{
    public const string MeterName = "LiveChat";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, byte> _activeChats = new(StringComparer.Ordinal);

    public LiveChatMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        ChatsStarted = _meter.CreateCounter<long>("livechat.chats.started", description: "Chats started by end users.");
        ChatsEnded = _meter.CreateCounter<long>("livechat.chats.ended", description: "Chats ended, by reason (agent, enduser, abandoned).");
        InvitesSent = _meter.CreateCounter<long>("livechat.invites.sent", description: "Invites sent to colleagues.");
        InvitesAccepted = _meter.CreateCounter<long>("livechat.invites.accepted", description: "Invites accepted (Participate or Monitor).");
        InvitesRejected = _meter.CreateCounter<long>("livechat.invites.rejected", description: "Invites rejected.");
        MessagesPosted = _meter.CreateCounter<long>("livechat.messages.posted", description: "Messages posted, by sender (agent, enduser).");
        CallsRefused = _meter.CreateCounter<long>("livechat.calls.refused", description: "Chat calls a product rule refused, by rule id.");
        _meter.CreateObservableGauge("livechat.chats.active", () => _activeChats.Count,
            description: "Chats whose chat grain runs on this silo and was last seen active; sum over silos for the cluster.");
    }

    public Counter<long> ChatsStarted { get; }
    public Counter<long> ChatsEnded { get; }
    public Counter<long> InvitesSent { get; }
    public Counter<long> InvitesAccepted { get; }
    public Counter<long> InvitesRejected { get; }
    public Counter<long> MessagesPosted { get; }
    public Counter<long> CallsRefused { get; }

    public int ActiveChats => _activeChats.Count;

    public void ChatSeen(string chatId, bool active)
    {
        if (active) _activeChats.TryAdd(chatId, 0);
        else _activeChats.TryRemove(chatId, out _);
    }

    public void Dispose() => _meter.Dispose();
}
