namespace LiveChat.Grains.Chat;

using System.Text;
using System.Text.Json;
using LiveChat.Grains.Webhooks;

// Webhooks (docs/rules.md W1, W7): after each commit the chat reads what it just stored and hands the
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
            _ => null,
        };
        if (type is not { } t || !_webhookRoutes.MayWant(t)) return null;
        return new WebhookEvent($"{ChatId}:{entry.Seq}", t, entry.At, WebhookData(entry, t), ChatId, entry.Seq);
    }

    private WebhookEventType? InviteEventOf(TranscriptEntry entry)
    {
        var last = State.Invites.FirstOrDefault(i => i.InviteId == entry.RefId)?.History.LastOrDefault();
        return last?.Kind switch
        {
            InviteHistoryKind.Sent or InviteHistoryKind.Resent => WebhookEventType.InviteSent,
            InviteHistoryKind.Accepted or InviteHistoryKind.Rejected => WebhookEventType.InviteAnswered,
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
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
