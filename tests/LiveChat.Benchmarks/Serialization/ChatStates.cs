namespace LiveChat.Benchmarks.Serialization;

using LiveChat.Grains.Chat;
using LiveChat.Model;

/// <summary>
/// An active chat as the chat grain stores it after a while: an assignee, a participant, one
/// finished invite, and a transcript tail of a given length. A tail holds at most page size - 1
/// entries before it is sealed into a page grain: 15 for chats started now
/// (<see cref="TranscriptPaging.PageSize"/>), 63 for chats stored before the page size was
/// recorded (<see cref="TranscriptPaging.LegacyPageSize"/>). A longer tail than the current page
/// size allows therefore describes such a legacy chat.
/// </summary>
public static class ChatStates
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public static ChatState Active(int tail)
    {
        var invite = new Invite(
            InviteId: "invite-1", ChatId: "chat-1", QueueId: "queue-1", InviterId: "agent-1", InviteeId: "agent-2",
            Mode: JoinMode.Participant, Status: InviteStatus.Accepted, SentAt: Start.AddMinutes(2), ExpiresAt: Start.AddMinutes(4),
            History: [new InviteHistoryEntry(Start.AddMinutes(2), InviteHistoryKind.Sent, JoinMode.Participant, "agent-1"),
                      new InviteHistoryEntry(Start.AddMinutes(3), InviteHistoryKind.Accepted, JoinMode.Participant, "agent-2")],
            InviteeName: "Ben Surname2");

        // 0 is how a legacy chat records its page size (none); sealed pages come before the tail.
        var pageSize = tail < TranscriptPaging.PageSize ? TranscriptPaging.PageSize : 0;
        var sealedPages = 3;
        var firstSeq = (long)sealedPages * (pageSize > 0 ? pageSize : TranscriptPaging.LegacyPageSize) + 1;
        return new ChatState
        {
            Started = true,
            QueueId = "queue-1",
            EndUser = new EndUserInfo("end-user-1", "Dana Customer"),
            Status = ChatStatus.Active,
            CreatedAt = Start,
            WaitingSince = Start,
            AssigneeId = "agent-1",
            AssigneeName = "Ann Surname1",
            Preview = "Hello, my order has not arrived yet.",
            Members =
            [
                new ChatMember("agent-1", JoinMode.Participant, Start.AddMinutes(1), InviteId: null, Name: "Ann Surname1"),
                new ChatMember("agent-2", JoinMode.Participant, Start.AddMinutes(3), InviteId: "invite-1", Name: "Ben Surname2"),
            ],
            Invites = [invite],
            PageSize = pageSize,
            SealedPages = sealedPages,
            LastSeq = firstSeq + tail - 1,
            Tail = [.. Enumerable.Range(0, tail).Select(i => Entry(firstSeq + i))],
        };
    }

    // Alternating end user and agent messages of ordinary length, as most of a transcript is.
    private static TranscriptEntry Entry(long seq) => new(
        Seq: seq,
        At: Start.AddSeconds(seq * 20),
        Actor: seq % 2 == 0 ? Actor.Agent("agent-1") : Actor.EndUser("end-user-1"),
        Kind: EntryKind.Message,
        Visibility: Visibility.Everyone,
        Text: $"Message {seq}: thanks, let me check the tracking number and come back to you in a minute.");
}
