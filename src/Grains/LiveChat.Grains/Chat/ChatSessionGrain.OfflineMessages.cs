namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Leaving a message (docs/rules.md O1-O4). A message is a chat like any other, started waiting in
// its queue with the message as its first line and flagged Offline: agents take it from the
// queue's list, answer in its transcript and end it with the usual calls; its end user reads the
// answer with its chat token whenever it comes back. Only three things differ, all decided here
// and in the queue: it may be left while the queue is closed (B3 does not apply), it never ends
// because its end user is away, and automatic assignment leaves it to the agents (O3).
public sealed partial class ChatSessionGrain
{
    public async Task<ChatSnapshot> LeaveMessage(LeaveMessageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endUser = CheckEndUser(Rules.O1, request.EndUser);
        var contact = CheckContact(request.Contact);
        Refuse.CheckText(Rules.O1, request.Text, "The message");
        CheckStartKey(request.IdempotencyKey);
        var digest = RequestDigest(nameof(LeaveMessage), request.QueueId, request.EndUser.EndUserId, request.EndUser.DisplayName,
            request.Contact, request.Text, request.EndUser.Verified?.SiteId, request.EndUser.Verified?.CustomerId, request.EndUser.Verified?.Email);
        if (State.Started) return await RetriedStart(request.IdempotencyKey, digest);
        var queue = await RequireQueue(Rules.O1, request.QueueId);
        await Begin(queue, endUser, $"{endUser.DisplayName} left a message for {queue.Definition.Name}.", request.Text,
            request.IdempotencyKey, digest, offlineContact: contact);
        return Snapshot();
    }

    /// <summary>O1: an email address or a phone number, as typed (cleaned like names); its form is not checked, only its length.</summary>
    private static string CheckContact(string? contact)
    {
        var clean = TextHygiene.Clean(contact);
        if (clean.Length is < OfflineMessageLimits.MinContactLength or > OfflineMessageLimits.MaxContactLength)
            throw Refuse.Invalid(Rules.O1, $"A contact (an email address or a phone number) has {OfflineMessageLimits.MinContactLength} to {OfflineMessageLimits.MaxContactLength} characters.");
        return clean;
    }
}
