namespace LiveChat.Grains.Chat;

using System.Text;
using System.Text.Json;
using LiveChat.Grains.Webhooks;

// Webhooks (docs/rules.md W1, W7, W9): after each commit the chat reads what it just stored and hands the
// events among it to the silo's webhook router, one-way: a slow or failing receiver (or router) never
// slows a chat. Events are recognised from the committed entries, so no action needs its own hook.
// An event no endpoint takes is not even built (WebhookRouteCache.MayWant): most commits, in most deployments.
public sealed partial class ChatSessionGrain
{
    private void HandOffWebhooks(IReadOnlyList<TranscriptEntry> committed)
    {
        List<WebhookEvent>? events = null;
        foreach (var entry in committed)
        {
            if (WebhookEventOf(entry, committed) is { } e) (events ??= []).Add(e);
        }
        if (events is null) return;
        try
        {
            GrainFactory.GetGrain<IWebhookRouterGrain>(0).Publish(events).Ignore();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Chat {ChatId} could not hand its webhook events off", ChatId);
        }
    }

    /// <summary>The event a committed entry stands for, if any, with its data as the chat stands after the commit.</summary>
    private WebhookEvent? WebhookEventOf(TranscriptEntry entry, IReadOnlyList<TranscriptEntry> committed)
    {
        WebhookEventType? type = entry.Kind switch
        {
            EntryKind.StateChanged when entry.Seq == 1 => WebhookEventType.ChatStarted,
            // The commit that ends a chat holds its last state change (an ended chat changes state no more).
            EntryKind.StateChanged when State.Status == ChatStatus.Ended && entry.Seq == committed.Last(e => e.Kind == EntryKind.StateChanged).Seq => WebhookEventType.ChatEnded,
            EntryKind.Joined when entry.RefId is not null && entry.RefId == State.AssigneeId => WebhookEventType.ChatAssigned,
            EntryKind.Message => WebhookEventType.MessagePosted,
            EntryKind.InviteStep => InviteEventOf(entry),
            // W9: the rating's agents-only line is the one system line an end user is the actor of.
            EntryKind.SystemMessage when entry.Actor.Kind == ActorKind.EndUser && State.Satisfaction is not null => WebhookEventType.CsatReceived,
            _ => null,
        };
        if (type is not { } t || !_webhookRoutes.MayWant(t)) return null;
        return new WebhookEvent($"{ChatId}:{entry.Seq}", t, entry.At, WebhookData(entry, t), ChatId, entry.Seq);
    }

    /// <summary>
    /// Invites give invite.sent and invite.answered; a transfer offer (the same list, T9) gives only
    /// offer.answered (W9): it is not an invite, and its sending is the sender's business until answered.
    /// </summary>
    private WebhookEventType? InviteEventOf(TranscriptEntry entry)
    {
        var invite = State.Invites.FirstOrDefault(i => i.InviteId == entry.RefId);
        var last = invite?.History.LastOrDefault();
        return (invite?.IsOffer, last?.Kind) switch
        {
            (false, InviteHistoryKind.Sent or InviteHistoryKind.Resent) => WebhookEventType.InviteSent,
            (false, InviteHistoryKind.Accepted or InviteHistoryKind.Rejected) => WebhookEventType.InviteAnswered,
            (true, InviteHistoryKind.Accepted or InviteHistoryKind.Rejected) => WebhookEventType.OfferAnswered,
            _ => null,
        };
    }

    /// <summary>The "data" of the body: which chat and entry, who acted, and what the event needs (the text of a message, the invite's answer).</summary>
    private string WebhookData(TranscriptEntry entry, WebhookEventType type)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("chatId", ChatId);
            json.WriteString("queueId", State.QueueId);
            json.WriteNumber("seq", entry.Seq);
            json.WriteString("status", State.Status.ToString());
            json.WriteStartObject("actor");
            json.WriteString("kind", entry.Actor.Kind.ToString());
            json.WriteString("id", entry.Actor.Id);
            json.WriteEndObject();
            switch (type)
            {
                case WebhookEventType.ChatStarted:
                    json.WriteString("endUserId", State.EndUser.EndUserId);
                    json.WriteString("endUserName", State.EndUser.DisplayName);
                    break;
                case WebhookEventType.ChatAssigned:
                    json.WriteString("agentId", State.AssigneeId);
                    break;
                case WebhookEventType.ChatEnded:
                    json.WriteString("endReason", State.EndReason?.ToString());
                    break;
                case WebhookEventType.MessagePosted:
                    json.WriteString("text", entry.Text);
                    break;
                case WebhookEventType.InviteSent or WebhookEventType.InviteAnswered:
                    var invite = State.Invites.First(i => i.InviteId == entry.RefId);
                    json.WriteString("inviteId", invite.InviteId);
                    json.WriteString("inviterId", invite.InviterId);
                    json.WriteString("inviteeId", invite.InviteeId);
                    json.WriteString("mode", invite.Mode.ToString());
                    json.WriteString("inviteStatus", invite.Status.ToString());
                    break;
                case WebhookEventType.OfferAnswered:
                    // W9: who offered the chat to whom, the answer, and where the chat stands after it.
                    var offer = State.Invites.First(i => i.InviteId == entry.RefId);
                    json.WriteString("offerId", offer.InviteId);
                    json.WriteString("senderId", offer.InviterId);
                    json.WriteString("receiverId", offer.InviteeId);
                    json.WriteString("answer", offer.Status == InviteStatus.Accepted ? "accepted" : "declined");
                    json.WriteBoolean("senderStays", offer.SenderStays);
                    json.WriteString("toQueueId", offer.ToQueueId);
                    json.WriteString("assigneeId", State.AssigneeId);
                    break;
                case WebhookEventType.CsatReceived:
                    // W9: the stored rating (C2) and the agent it counts for (C5: the assignee when the chat ended).
                    var rating = State.Satisfaction!;
                    json.WriteNumber("rating", rating.Rating);
                    json.WriteString("comment", rating.Comment);
                    json.WriteString("ratedAt", rating.At);
                    json.WriteString("agentId", State.AssigneeId);
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
