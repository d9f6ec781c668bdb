namespace LiveChat.Grains.Tests;

/// <summary>Transfer with accept (docs/rules.md T1-T9): one test per refusal, and the allowed path beside it.</summary>
public sealed class TransferOfferTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task T1_only_the_assignee_of_an_active_chat_offers_it()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var carol = await Directory.Agent(queue, "Carol", "Cole");
        var invite = await Chat(chatId).Invite(alice, carol, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(carol, invite.InviteId, InviteAnswer.Participate);

        await RefusedAndUnchanged(chatId, alice, "T1", RefusalKind.Forbidden, () => Chat(chatId).OfferTransfer(carol, bob, senderStays: false));
        await RefusedAndUnchanged(chatId, alice, "T1", RefusalKind.Forbidden, () => Chat(chatId).OfferTransfer(bob, carol, senderStays: false));
        await RefusedAndUnchanged(chatId, alice, "T1", RefusalKind.Forbidden, () => Chat(chatId).SearchOfferReceivers(carol, null, "b"));

        await Chat(chatId).End(alice);
        await Refused("T1", RefusalKind.Conflict, () => Chat(chatId).OfferTransfer(alice, bob, senderStays: false));
        Assert.Empty(await Agent(bob).GetInvites());
    }

    [Fact]
    public async Task T2_the_receiver_must_be_online_allowed_and_of_the_queue()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var away = await Directory.Agent(queue, presence: Presence.Away);
        var erin = await Directory.Agent(queue, "Erin", "Evans", canChat: false);
        var elsewhere = await Directory.Agent(await Directory.Queue());

        await RefusedAndUnchanged(chatId, alice, "T2", RefusalKind.Conflict, () => chat.OfferTransfer(alice, away, senderStays: false));
        await RefusedAndUnchanged(chatId, alice, "T2", RefusalKind.Forbidden, () => chat.OfferTransfer(alice, erin, senderStays: false));
        await RefusedAndUnchanged(chatId, alice, "T2", RefusalKind.Forbidden, () => chat.OfferTransfer(alice, elsewhere, senderStays: false));
        await RefusedAndUnchanged(chatId, alice, "T2", RefusalKind.NotFound, () => chat.OfferTransfer(alice, "nobody-" + Guid.NewGuid(), senderStays: false));
        await RefusedAndUnchanged(chatId, alice, "T2", RefusalKind.Conflict, () => chat.OfferTransfer(alice, alice, senderStays: false));

        // An agent with a pending invite to the chat answers that first.
        await chat.Invite(alice, bob, JoinMode.Monitor);
        await RefusedAndUnchanged(chatId, alice, "T2", RefusalKind.Conflict, () => chat.OfferTransfer(alice, bob, senderStays: false));
    }

    [Fact]
    public async Task T2_the_receiver_is_pushed_the_offer_at_once_and_finds_it_in_its_Invites_list()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var bobEvents = await Client.RecordAgent(bob);

        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: true);

        var pushed = await bobEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteReceived && e.Invite!.InviteId == offer.InviteId);
        Assert.Equal(InviteKind.TransferOffer, pushed.Invite!.Kind);
        Assert.True(pushed.Invite.SenderStays);
        Assert.Equal("Alice Archer", pushed.Invite.InviterName);
        Assert.Equal("Pat Customer", pushed.Invite.EndUserName);
        var listed = Assert.Single(await Agent(bob).GetInvites());
        Assert.Equal(offer.InviteId, listed.InviteId);
        Assert.Equal(InviteKind.TransferOffer, listed.Kind);
        // Offering changes nothing yet: alice still owns the chat.
        Assert.Equal(alice, (await Chat(chatId).GetSnapshot(alice)).AssigneeId);
    }

    [Fact]
    public async Task T2_a_member_of_the_chat_may_take_it_over_and_is_in_it_once()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);

        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        await Chat(chatId).AcceptOffer(bob, offer.InviteId);

        var snapshot = await Chat(chatId).GetSnapshot(bob);
        Assert.Equal(bob, snapshot.AssigneeId);
        Assert.Empty(snapshot.Members);
        var bobNow = await Agent(bob).GetSnapshot();
        Assert.Contains(chatId, bobNow.AssignedChats);
        Assert.DoesNotContain(bobNow.JoinedChats, c => c.ChatId == chatId);
    }

    [Fact]
    public async Task T3_one_pending_offer_per_chat_at_a_time()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var carol = await Directory.Agent(queue, "Carol", "Cole");
        var first = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);

        await RefusedAndUnchanged(chatId, alice, "T3", RefusalKind.Conflict, () => Chat(chatId).OfferTransfer(alice, carol, senderStays: false));

        await Chat(chatId).CancelOffer(alice, first.InviteId);
        var second = await Chat(chatId).OfferTransfer(alice, carol, senderStays: false);
        Assert.Equal(InviteStatus.Pending, second.Status);
    }

    [Fact]
    public async Task T4_the_sender_stays_as_participant_when_the_offer_says_so()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: true);

        await Chat(chatId).AcceptOffer(bob, offer.InviteId);

        var snapshot = await Chat(chatId).GetSnapshot(alice);
        Assert.Equal(bob, snapshot.AssigneeId);
        var member = Assert.Single(snapshot.Members);
        Assert.Equal((alice, JoinMode.Participant), (member.AgentId, member.Mode));
        var aliceNow = await Agent(alice).GetSnapshot();
        Assert.DoesNotContain(chatId, aliceNow.AssignedChats);
        Assert.Contains(aliceNow.JoinedChats, c => c.ChatId == chatId && c.Mode == JoinMode.Participant);
        // A participant still chats with the end user (A7) but no longer owns the chat (A1).
        await Chat(chatId).PostAgentMessage(alice, "Bob takes it from here.");
        await Refused("A1", RefusalKind.Forbidden, () => Chat(chatId).End(alice));
    }

    [Fact]
    public async Task T4_the_sender_leaves_when_the_offer_says_so()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);

        await Chat(chatId).AcceptOffer(bob, offer.InviteId);

        var snapshot = await Chat(chatId).GetSnapshot(bob);
        Assert.Equal(bob, snapshot.AssigneeId);
        Assert.Empty(snapshot.Members);
        Assert.DoesNotContain(chatId, (await Agent(alice).GetSnapshot()).AssignedChats);
        Assert.Contains(chatId, (await Agent(bob).GetSnapshot()).AssignedChats);
        await Refused("A11", RefusalKind.Forbidden, () => Chat(chatId).GetSnapshot(alice));
    }

    [Fact]
    public async Task T4_an_offer_to_another_queue_moves_the_chat_there_and_cannot_keep_the_sender()
    {
        var (queue, chatId, alice, _) = await ChatWithColleague();
        var tech = await Directory.Queue(name: "Tech");
        var dave = await Directory.Agent(tech, "Dave", "Dunn");
        var carol = await Directory.Agent(queue, "Carol", "Cole");
        var invite = await Chat(chatId).Invite(alice, carol, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(carol, invite.InviteId, InviteAnswer.Participate);
        await Directory.UntilSearchable(tech, dave);
        Assert.Contains(await Chat(chatId).SearchOfferReceivers(alice, tech, "dunn"), hit => hit.AgentId == dave);

        await RefusedAndUnchanged(chatId, alice, "T4", RefusalKind.Conflict, () => Chat(chatId).OfferTransfer(alice, dave, senderStays: true, toQueueId: tech));
        // Without naming the queue, dave is not of the chat's queue.
        await RefusedAndUnchanged(chatId, alice, "T2", RefusalKind.Forbidden, () => Chat(chatId).OfferTransfer(alice, dave, senderStays: false));
        var offer = await Chat(chatId).OfferTransfer(alice, dave, senderStays: false, toQueueId: tech);
        await Chat(chatId).AcceptOffer(dave, offer.InviteId);

        var snapshot = await Chat(chatId).GetSnapshot(dave);
        Assert.Equal((tech, dave, ChatStatus.Active), (snapshot.QueueId, snapshot.AssigneeId, snapshot.Status));
        Assert.Empty(snapshot.Members);
        Assert.DoesNotContain((await Agent(carol).GetSnapshot()).JoinedChats, c => c.ChatId == chatId);
        await FiguresWhen(tech, f => f.ActiveChats == 1);
    }

    [Fact]
    public async Task T5_only_the_receiver_accepts_and_the_end_user_reads_only_the_new_name()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var carol = await Directory.Agent(queue, "Carol", "Cole");
        var pendingInvite = await Chat(chatId).Invite(alice, carol, JoinMode.Monitor);
        var endUser = TestDirectory.EndUserOf(chatId);
        var before = await Chat(chatId).ReadEndUserTranscript(endUser, 0, 100);
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);

        await RefusedAndUnchanged(chatId, alice, "T5", RefusalKind.Forbidden, () => Chat(chatId).AcceptOffer(carol, offer.InviteId));
        await RefusedAndUnchanged(chatId, alice, "T5", RefusalKind.Forbidden, () => Chat(chatId).AcceptOffer(alice, offer.InviteId));
        var accepted = await Chat(chatId).AcceptOffer(bob, offer.InviteId);

        Assert.Equal(InviteStatus.Accepted, accepted.Status);
        Assert.Equal((InviteHistoryKind.Accepted, bob), (accepted.History[^1].Kind, accepted.History[^1].ActorId));
        var after = await Chat(chatId).ReadEndUserTranscript(endUser, before.LastSeq, 100);
        var seen = Assert.Single(after.Entries);
        Assert.Equal("You're now chatting with Bob Baker.", seen.Text);
        Assert.DoesNotContain(alice, seen.Text + seen.RefId + seen.Actor.Id);
        // The pending invite was alice's: the new assignee did not send it.
        var invites = await Chat(chatId).GetInvites(bob);
        Assert.Equal(InviteStatus.Cancelled, invites.Single(i => i.InviteId == pendingInvite.InviteId).Status);
        Assert.Empty(await Agent(carol).GetInvites());
        Assert.Empty(await Agent(bob).GetInvites());
        await Refused("T5", RefusalKind.Conflict, () => Chat(chatId).AcceptOffer(bob, offer.InviteId));
    }

    [Fact]
    public async Task T5_a_receiver_who_went_away_cannot_accept_but_capacity_does_not_stop_one_who_is_online()
    {
        var queue = await Directory.Queue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var full = await Directory.Agent(queue, "Fay", "Full", capacity: 0);
        var chatId = await Directory.ActiveChat(queue, alice);
        var offer = await Chat(chatId).OfferTransfer(alice, full, senderStays: false);

        await Agent(full).SetPresence(Presence.Away);
        await RefusedAndUnchanged(chatId, alice, "T5", RefusalKind.Conflict, () => Chat(chatId).AcceptOffer(full, offer.InviteId));

        await Agent(full).SetPresence(Presence.Online);
        await Chat(chatId).AcceptOffer(full, offer.InviteId);
        Assert.Equal(full, (await Chat(chatId).GetSnapshot(full)).AssigneeId);
    }

    [Fact]
    public async Task T6_a_declined_offer_leaves_the_chat_with_the_sender_who_sees_who_declined_and_when()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var aliceEvents = await Client.RecordAgent(alice);
        var endUser = TestDirectory.EndUserOf(chatId);
        var before = await Chat(chatId).ReadEndUserTranscript(endUser, 0, 100);
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);

        await RefusedAndUnchanged(chatId, alice, "T5", RefusalKind.Forbidden, () => Chat(chatId).DeclineOffer(alice, offer.InviteId));
        var declined = await Chat(chatId).DeclineOffer(bob, offer.InviteId);

        Assert.Equal(InviteStatus.Rejected, declined.Status);
        var pushed = await aliceEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.SentOfferDeclined);
        Assert.Equal((InviteHistoryKind.Rejected, bob, Cluster.Clock.Now), (pushed.Invite!.History[^1].Kind, pushed.Invite.History[^1].ActorId, pushed.Invite.History[^1].At));
        // The push carries the sequence number of the transcript entry that recorded the decline.
        var recorded = (await Chat(chatId).ReadTranscript(alice, pushed.Seq!.Value - 1, 1)).Entries.Single();
        Assert.Equal((EntryKind.InviteStep, offer.InviteId), (recorded.Kind, recorded.RefId));
        Assert.Contains("declined", recorded.Text);
        var listed = (await Chat(chatId).GetInvites(alice)).Single(i => i.InviteId == offer.InviteId);
        Assert.Equal(InviteStatus.Rejected, listed.Status);
        Assert.Equal(alice, (await Chat(chatId).GetSnapshot(alice)).AssigneeId);
        Assert.Empty(await Agent(bob).GetInvites());
        Assert.Empty((await Chat(chatId).ReadEndUserTranscript(endUser, before.LastSeq, 100)).Entries);
        await Refused("T5", RefusalKind.Conflict, () => Chat(chatId).AcceptOffer(bob, offer.InviteId));
        // No resend for offers: a new one may go to the same agent.
        var again = await Chat(chatId).OfferTransfer(alice, bob, senderStays: true);
        Assert.Equal(InviteStatus.Pending, again.Status);
    }

    [Fact]
    public async Task T7_only_the_sender_cancels_a_pending_offer()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var carol = await Directory.Agent(queue, "Carol", "Cole");
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);

        await RefusedAndUnchanged(chatId, alice, "T7", RefusalKind.Forbidden, () => Chat(chatId).CancelOffer(bob, offer.InviteId));
        await RefusedAndUnchanged(chatId, alice, "T7", RefusalKind.Forbidden, () => Chat(chatId).CancelOffer(carol, offer.InviteId));
        var cancelled = await Chat(chatId).CancelOffer(alice, offer.InviteId);

        Assert.Equal(InviteStatus.Cancelled, cancelled.Status);
        Assert.Empty(await Agent(bob).GetInvites());
        await RefusedAndUnchanged(chatId, alice, "T7", RefusalKind.Conflict, () => Chat(chatId).CancelOffer(alice, offer.InviteId));
        await Refused("T5", RefusalKind.Conflict, () => Chat(chatId).AcceptOffer(bob, offer.InviteId));
    }

    [Fact]
    public async Task T7_ending_or_releasing_the_chat_cancels_its_pending_offer()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        await Chat(chatId).End(alice);
        Assert.Equal(InviteStatus.Cancelled, (await Chat(chatId).GetInvites(alice)).Single().Status);
        Assert.Empty(await Agent(bob).GetInvites());
        await Refused("T5", RefusalKind.Conflict, () => Chat(chatId).AcceptOffer(bob, offer.InviteId));

        var released = await Directory.ActiveChat(queue, alice);
        var second = await Chat(released).OfferTransfer(alice, bob, senderStays: true);
        await Chat(released).Release(alice);
        Assert.Empty(await Agent(bob).GetInvites());
        await Refused("T5", RefusalKind.Conflict, () => Chat(released).AcceptOffer(bob, second.InviteId));
    }

    [Fact]
    public async Task T8_an_offer_expires_after_its_queues_time_and_the_sender_is_told()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var info = (await Queue(queue).GetInfo())!;
        await Queue(queue).Configure(info.Definition with { OfferExpirySeconds = 30 });
        var aliceEvents = await Client.RecordAgent(alice);
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        Assert.Equal(offer.SentAt + TimeSpan.FromSeconds(30), offer.ExpiresAt);

        Cluster.Clock.Advance(TimeSpan.FromSeconds(31));

        await Refused("T5", RefusalKind.Conflict, () => Chat(chatId).AcceptOffer(bob, offer.InviteId));
        Assert.Equal(InviteStatus.Expired, (await Chat(chatId).GetInvites(alice)).Single().Status);
        var pushed = await aliceEvents.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.SentInviteExpired && e.Invite!.InviteId == offer.InviteId);
        Assert.Equal(InviteKind.TransferOffer, pushed.Invite!.Kind);
        Assert.Empty(await Agent(bob).GetInvites());
    }

    [Fact]
    public async Task T8_without_a_queue_setting_an_offer_waits_the_deployments_time_and_expires_after_a_deactivation()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        Assert.Equal(offer.SentAt + TimeSpan.FromMinutes(2), offer.ExpiresAt);
        await Client.Deactivate(Chat(chatId));
        Cluster.Clock.Advance(TimeSpan.FromMinutes(3));

        // The receiver's list checks with the chat, which wakes up and expires the offer.
        Assert.Empty(await Agent(bob).GetInvites());
        Assert.Equal(InviteStatus.Expired, (await Chat(chatId).GetInvites(alice)).Single().Status);
    }

    [Fact]
    public async Task T8_a_queues_offer_expiry_is_between_10_and_3600_seconds()
    {
        var queue = await Directory.Queue();
        var info = (await Queue(queue).GetInfo())!;
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Queue(queue).Configure(info.Definition with { OfferExpirySeconds = 5 }));
        await Refused(Rules.Directory, RefusalKind.Invalid, () => Queue(queue).Configure(info.Definition with { OfferExpirySeconds = 3601 }));
    }

    [Fact]
    public async Task T9_invite_routes_refuse_offers_and_offer_routes_do_not_find_invites()
    {
        var (queue, chatId, alice, bob) = await ChatWithColleague();
        var carol = await Directory.Agent(queue, "Carol", "Cole");
        var offer = await Chat(chatId).OfferTransfer(alice, bob, senderStays: false);
        var invite = await Chat(chatId).Invite(alice, carol, JoinMode.Participant);

        await RefusedAndUnchanged(chatId, alice, "T9", RefusalKind.Conflict, () => Chat(chatId).RespondToInvite(bob, offer.InviteId, InviteAnswer.Participate));
        await RefusedAndUnchanged(chatId, alice, "T9", RefusalKind.Conflict, () => Chat(chatId).CancelInvite(alice, offer.InviteId));
        await RefusedAndUnchanged(chatId, alice, "T9", RefusalKind.Conflict, () => Chat(chatId).ChangeInviteMode(alice, offer.InviteId, JoinMode.Monitor));
        await RefusedAndUnchanged(chatId, alice, "T5", RefusalKind.NotFound, () => Chat(chatId).AcceptOffer(carol, invite.InviteId));
        await RefusedAndUnchanged(chatId, alice, "T7", RefusalKind.NotFound, () => Chat(chatId).CancelOffer(alice, invite.InviteId));
        // The receiver of a pending offer is not invited meanwhile (R2); after a decline it may be (R9 is about invites).
        await RefusedAndUnchanged(chatId, alice, "R2", RefusalKind.Conflict, () => Chat(chatId).Invite(alice, bob, JoinMode.Monitor));
        await Chat(chatId).DeclineOffer(bob, offer.InviteId);
        await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
    }
}
