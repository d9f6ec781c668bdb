namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;
using LiveChat.Grains.Common;

/// <summary>
/// The invite list's rules as pure domain (ChatInvites): no cluster, no clock, no grain. The grain
/// tests (InviteRuleTests, TransferOfferTests) check the same rules through the chat's calls.
/// </summary>
public sealed class ChatInvitesTests
{
    private static readonly DateTimeOffset Sent = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Sent.AddMinutes(1);

    private static Invite NewInvite(string id, string inviteeId, JoinMode mode = JoinMode.Participant,
        InviteStatus status = InviteStatus.Pending, InviteKind kind = InviteKind.Invite, int steps = 1) => new(
        id, "chat-1", "queue-1", "alice", inviteeId, mode, status, Sent, Sent.AddMinutes(5),
        Enumerable.Range(0, steps).Select(_ => new InviteHistoryEntry(Sent, InviteHistoryKind.Sent, mode, "alice")).ToList(),
        Kind: kind);

    private static ChatInvites Over(params Invite[] invites) => Over(new ChatLimitOptions(), invites);

    private static ChatInvites Over(ChatLimitOptions limits, params Invite[] invites) => new([.. invites], limits);

    private static void RefusedBy(string rule, RefusalKind kind, Action call)
    {
        var refusal = Assert.Throws<RuleViolationException>(call);
        Assert.Equal(rule, refusal.RuleId);
        Assert.Equal(kind, refusal.Kind);
    }

    [Fact]
    public void R8_the_mode_of_a_pending_or_rejected_invite_changes_and_the_step_is_kept()
    {
        var pending = NewInvite("i1", "bob");
        var rejected = NewInvite("i2", "carol", status: InviteStatus.Rejected);
        var invites = Over(pending, rejected);

        var changed = invites.ModeChanged(pending, JoinMode.Monitor, "alice", Later);
        var changedRejected = invites.ModeChanged(rejected, JoinMode.Monitor, "alice", Later);

        Assert.Equal(JoinMode.Monitor, changed.Mode);
        Assert.Equal(new InviteHistoryEntry(Later, InviteHistoryKind.ModeChanged, JoinMode.Monitor, "alice"), changed.History[^1]);
        Assert.Equal(InviteStatus.Rejected, changedRejected.Status);
        // A transition returns the next value; the list changes only when it is put.
        Assert.Equal(JoinMode.Participant, invites.All[0].Mode);
        invites.Put(changed);
        Assert.Equal(changed, invites.All[0]);
    }

    [Fact]
    public void R8_an_accepted_invite_keeps_its_mode_and_a_change_to_the_same_mode_is_refused()
    {
        var accepted = NewInvite("i1", "bob", status: InviteStatus.Accepted);
        var pending = NewInvite("i2", "carol");
        var invites = Over(accepted, pending);

        RefusedBy("R8", RefusalKind.Conflict, () => invites.ModeChanged(accepted, JoinMode.Monitor, "alice", Later));
        RefusedBy("R8", RefusalKind.Conflict, () => invites.ModeChanged(pending, JoinMode.Participant, "alice", Later));
    }

    [Theory]
    [InlineData(InviteStatus.Cancelled)]
    [InlineData(InviteStatus.Expired)]
    public void R14_a_closed_invite_neither_changes_mode_nor_is_cancelled_nor_answered(InviteStatus status)
    {
        var closed = NewInvite("i1", "bob", status: status);
        var invites = Over(closed);

        RefusedBy("R14", RefusalKind.Conflict, () => invites.ModeChanged(closed, JoinMode.Monitor, "alice", Later));
        RefusedBy("R14", RefusalKind.Conflict, () => ChatInvites.Cancelled(closed, "alice", Later));
        RefusedBy("R14", RefusalKind.Conflict, () => ChatInvites.EnsureAnswerable(closed, "bob"));
    }

    [Fact]
    public void R14_cancelling_a_pending_invite_closes_it_with_its_own_status_and_step()
    {
        var cancelled = ChatInvites.Cancelled(NewInvite("i1", "bob"), "alice", Later);

        Assert.Equal(InviteStatus.Cancelled, cancelled.Status);
        Assert.Equal(new InviteHistoryEntry(Later, InviteHistoryKind.Cancelled, JoinMode.Participant, "alice"), cancelled.History[^1]);
        var expired = ChatInvites.Closed(NewInvite("i2", "carol"), InviteStatus.Expired, Actor.System.Id, Later);
        Assert.Equal(InviteStatus.Expired, expired.Status);
        Assert.Equal(InviteHistoryKind.Expired, expired.History[^1].Kind);
    }

    [Fact]
    public void R14_only_pending_invites_whose_time_is_up_are_due()
    {
        var due = NewInvite("i1", "bob");
        var notYet = due with { InviteId = "i2", InviteeId = "carol", ExpiresAt = Sent.AddMinutes(10) };
        var answered = due with { InviteId = "i3", InviteeId = "dave", Status = InviteStatus.Rejected };
        var invites = Over(due, notYet, answered);

        Assert.Equal(["i1"], invites.DueAt(Sent.AddMinutes(5)).Select(i => i.InviteId));
        Assert.Empty(invites.DueAt(Sent.AddMinutes(5).AddTicks(-1)));
    }

    [Fact]
    public void R9_only_a_rejected_invite_is_resent_pending_again_with_its_earlier_answers()
    {
        var rejected = NewInvite("i1", "bob", status: InviteStatus.Rejected);
        var invites = Over(rejected);

        var resent = invites.Resent(rejected, "alice", Later, Later.AddMinutes(5));

        Assert.Equal(InviteStatus.Pending, resent.Status);
        Assert.Equal(Later.AddMinutes(5), resent.ExpiresAt);
        Assert.Equal([.. rejected.History, new InviteHistoryEntry(Later, InviteHistoryKind.Resent, JoinMode.Participant, "alice")], resent.History);
        RefusedBy("R9", RefusalKind.Conflict, () => invites.Resent(NewInvite("i2", "carol"), "alice", Later, Later));
        RefusedBy("R9", RefusalKind.Conflict, () => ChatInvites.EnsureResendable(NewInvite("i3", "dave", status: InviteStatus.Accepted)));
    }

    [Fact]
    public void R9_a_rejected_invite_is_resent_not_sent_again_unless_it_used_all_its_steps()
    {
        var limits = new ChatLimitOptions { MaxInviteSteps = 3 };

        RefusedBy("R9", RefusalKind.Conflict,
            () => Over(limits, NewInvite("i1", "bob", status: InviteStatus.Rejected, steps: 2)).EnsureNoRejectedInvite("bob", "Bob"));
        Over(limits, NewInvite("i1", "bob", status: InviteStatus.Rejected, steps: 3)).EnsureNoRejectedInvite("bob", "Bob");
        // A declined transfer offer (T6) is not an invite: it does not hold a new invite back.
        Over(limits, NewInvite("o1", "bob", status: InviteStatus.Rejected, kind: InviteKind.TransferOffer)).EnsureNoRejectedInvite("bob", "Bob");
    }

    [Fact]
    public void Limits_the_inviters_steps_are_bounded_but_an_invite_can_always_close()
    {
        var limits = new ChatLimitOptions { MaxInviteSteps = 2 };
        var full = NewInvite("i1", "bob", steps: 2);
        var invites = Over(limits, full);

        RefusedBy(Rules.Limits, RefusalKind.Conflict, () => invites.ModeChanged(full, JoinMode.Monitor, "alice", Later));
        RefusedBy(Rules.Limits, RefusalKind.Conflict,
            () => invites.Resent(full with { Status = InviteStatus.Rejected }, "alice", Later, Later));
        Assert.Equal(3, ChatInvites.Cancelled(full, "alice", Later).History.Count);
        Assert.Equal(3, ChatInvites.Rejected(full, "bob", Later).History.Count);
    }

    [Fact]
    public void Limits_a_chat_sends_a_bounded_number_of_invites_and_offers()
    {
        var limits = new ChatLimitOptions { MaxInvites = 2 };
        var invites = Over(limits, NewInvite("i1", "bob"));
        invites.EnsureRoom("invites");

        invites.Add(NewInvite("o1", "carol", kind: InviteKind.TransferOffer));

        var refusal = Assert.Throws<RuleViolationException>(() => invites.EnsureRoom("invites and offers"));
        Assert.Equal(Rules.Limits, refusal.RuleId);
        Assert.Contains("2 invites and offers", refusal.Reason);
    }

    [Fact]
    public void R6_only_the_invitee_answers_an_open_invite_and_R7_R9_say_why_a_closed_one_is_not()
    {
        var pending = NewInvite("i1", "bob");

        ChatInvites.EnsureAnswerable(pending, "bob");
        RefusedBy("R6", RefusalKind.Forbidden, () => ChatInvites.EnsureAnswerable(pending, "carol"));
        RefusedBy("R9", RefusalKind.Conflict, () => ChatInvites.EnsureAnswerable(pending with { Status = InviteStatus.Rejected }, "bob"));
        RefusedBy("R7", RefusalKind.Conflict, () => ChatInvites.EnsureAnswerable(pending with { Status = InviteStatus.Accepted }, "bob"));
    }

    [Theory]
    [InlineData(JoinMode.Participant, InviteAnswer.Participate, true)]
    [InlineData(JoinMode.Participant, InviteAnswer.Monitor, false)]
    [InlineData(JoinMode.Participant, InviteAnswer.Reject, true)]
    [InlineData(JoinMode.Monitor, InviteAnswer.Monitor, true)]
    [InlineData(JoinMode.Monitor, InviteAnswer.Participate, false)]
    [InlineData(JoinMode.Monitor, InviteAnswer.Reject, true)]
    public void R6_an_answer_fits_the_invites_mode_or_rejects_it(JoinMode mode, InviteAnswer answer, bool fits)
    {
        var invite = NewInvite("i1", "bob", mode);

        if (fits) ChatInvites.EnsureAnswerFits(invite, answer);
        else RefusedBy("R6", RefusalKind.Invalid, () => ChatInvites.EnsureAnswerFits(invite, answer));
    }

    [Fact]
    public void R6_T6_answers_keep_who_answered_and_when()
    {
        var invite = NewInvite("i1", "bob");

        var accepted = ChatInvites.Accepted(invite, "bob", Later);
        var rejected = ChatInvites.Rejected(invite, "bob", Later);

        Assert.Equal(InviteStatus.Accepted, accepted.Status);
        Assert.Equal(new InviteHistoryEntry(Later, InviteHistoryKind.Accepted, JoinMode.Participant, "bob"), accepted.History[^1]);
        Assert.Equal(InviteStatus.Rejected, rejected.Status);
        Assert.Equal(new InviteHistoryEntry(Later, InviteHistoryKind.Rejected, JoinMode.Participant, "bob"), rejected.History[^1]);
    }

    [Fact]
    public void T9_invite_lookups_refuse_offers_and_offer_lookups_find_no_invite()
    {
        var invites = Over(NewInvite("i1", "bob"), NewInvite("o1", "carol", kind: InviteKind.TransferOffer));

        Assert.Equal("i1", invites.Find("R14", "i1").InviteId);
        RefusedBy("T9", RefusalKind.Conflict, () => invites.Find("R14", "o1"));
        RefusedBy("R8", RefusalKind.NotFound, () => invites.Find("R8", "nope"));
        RefusedBy("R8", RefusalKind.Invalid, () => invites.Find("R8", ""));
        Assert.Equal("o1", invites.FindOffer("T7", "o1").InviteId);
        RefusedBy("T5", RefusalKind.NotFound, () => invites.FindOffer("T5", "i1"));
    }

    [Fact]
    public void T3_R2_pending_offers_and_invitees_are_found_apart_from_answered_ones()
    {
        var pendingInvite = NewInvite("i1", "bob");
        var declinedOffer = NewInvite("o1", "carol", status: InviteStatus.Rejected, kind: InviteKind.TransferOffer);
        var invites = Over(pendingInvite, declinedOffer);

        Assert.Null(invites.PendingOffer);
        Assert.True(invites.HasPendingFor("bob"));
        // Resending or accepting looks past the invite it works on.
        Assert.False(invites.HasPendingFor("bob", except: pendingInvite));
        Assert.False(invites.HasPendingFor("carol"));

        invites.Add(NewInvite("o2", "dave", kind: InviteKind.TransferOffer));
        Assert.Equal("o2", invites.PendingOffer?.InviteId);
        Assert.Equal(["i1", "o2"], invites.Pending.Select(i => i.InviteId));
        Assert.True(invites.AnyPending);
    }
}
