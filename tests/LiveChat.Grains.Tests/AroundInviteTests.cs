namespace LiveChat.Grains.Tests;

/// <summary>S1, S2, S5 and what the end user may see.</summary>
public sealed class AroundInviteTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task S1_a_participant_join_is_a_system_message_seen_by_everyone()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);

        var endUser = await Chat(chatId).ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), 0, 500);
        var join = Assert.Single(endUser.Entries, e => e.Kind == EntryKind.Joined && e.Text.StartsWith("Bob"));
        Assert.Equal(Visibility.Everyone, join.Visibility);
        Assert.Contains("joined", join.Text);
        // The end user knows bob by his per-chat alias and name, never his sign-in id.
        var view = await Chat(chatId).GetEndUserView(TestDirectory.EndUserOf(chatId));
        Assert.Contains(join.RefId, view.AgentsInChat);
        Assert.Contains("Bob Baker", view.AgentNames!);
        Assert.DoesNotContain(bob, view.AgentsInChat);
    }

    [Fact]
    public async Task S1_a_monitor_join_is_shown_to_agents_only_when_system_notifications_are_on()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague(systemNotifications: true);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);

        var agents = await Chat(chatId).ReadTranscript(alice, 0, 500);
        Assert.Equal(Visibility.Agents, Assert.Single(agents.Entries, e => e.Kind == EntryKind.Joined && e.RefId == bob).Visibility);
        await AssertEndUserNeverSees(chatId, bob);
    }

    [Fact]
    public async Task S1_a_monitor_join_shows_no_message_when_system_notifications_are_off()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague(systemNotifications: false);
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);

        var agents = await Chat(chatId).ReadTranscript(alice, 0, 500);
        Assert.DoesNotContain(agents.Entries, e => e.Kind == EntryKind.Joined && e.RefId == bob);
        // The audit trail still records it.
        var audit = await Chat(chatId).ReadTranscript(alice, 0, 500, includeAudit: true);
        Assert.Equal(Visibility.Audit, Assert.Single(audit.Entries, e => e.Kind == EntryKind.Joined && e.RefId == bob).Visibility);
        await AssertEndUserNeverSees(chatId, bob);
    }

    private async Task AssertEndUserNeverSees(string chatId, string monitorId)
    {
        var endUserId = TestDirectory.EndUserOf(chatId);
        var transcript = await Chat(chatId).ReadEndUserTranscript(endUserId, 0, 500);
        Assert.DoesNotContain(transcript.Entries, e => e.RefId == monitorId || e.Actor.Id == monitorId);
        Assert.DoesNotContain(transcript.Entries, e => e.Kind is EntryKind.InviteStep or EntryKind.SideNote);
        Assert.DoesNotContain(transcript.Entries, e => e.Text.Contains("Bob"));
        // Only the assignee is named to the end user (under an alias).
        var view = await Chat(chatId).GetEndUserView(endUserId);
        Assert.Single(view.AgentsInChat);
        Assert.DoesNotContain(monitorId, view.AgentsInChat);
    }

    [Fact]
    public async Task S2_the_invitee_sees_articles_pinned_before_and_receives_later_pins_live()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        await Chat(chatId).PinArticle(alice, "kb-1");
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Monitor);
        Assert.Equal(["kb-1"], (await Chat(chatId).GetSnapshot(bob)).PinnedArticles.Select(a => a.Id));

        var bobsConsole = await Client.RecordChat(chatId);
        await Chat(chatId).PinArticle(alice, "kb-2");

        var pin = await bobsConsole.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.ArticlePinned);
        Assert.Equal("kb-2", pin.Entry.RefId);
        Assert.Equal(["kb-1", "kb-2"], (await Chat(chatId).GetSnapshot(bob)).PinnedArticles.Select(a => a.Id));
    }

    [Fact]
    public async Task S5_a_joining_invitee_sees_the_conversation_so_far()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var endUser = TestDirectory.EndUserOf(chatId);
        await Chat(chatId).PostEndUserMessage(endUser, "My invoice is wrong");
        await Chat(chatId).PostAgentMessage(alice, "Let me get a colleague");
        await Chat(chatId).AddSideNote(alice, "Bob knows invoices");
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);

        var seen = await Chat(chatId).ReadTranscript(bob, 0, 500);
        var texts = seen.Entries.Select(e => e.Text).ToList();
        Assert.Contains("Hello, I need help", texts);
        Assert.Contains("My invoice is wrong", texts);
        Assert.Contains("Let me get a colleague", texts);
        Assert.Contains("Bob knows invoices", texts);
        Assert.Equal(Enumerable.Range(1, seen.Entries.Count).Select(i => (long)i), seen.Entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task A2_side_notes_are_never_shown_to_the_end_user()
    {
        var (_, chatId, alice, _) = await ChatWithColleague();
        var endUserEvents = await Client.RecordChat(chatId);
        await Chat(chatId).AddSideNote(alice, "customer seems upset");
        await Chat(chatId).PostAgentMessage(alice, "visible");
        var endUser = await Chat(chatId).ReadEndUserTranscript(TestDirectory.EndUserOf(chatId), 0, 500);
        Assert.DoesNotContain(endUser.Entries, e => e.Text == "customer seems upset");
        Assert.Contains(endUser.Entries, e => e.Text == "visible");
        // The published event says who may see it, so a gateway can filter pushes.
        var note = await endUserEvents.WaitFor<ChatEvent>(e => e.Entry.Kind == EntryKind.SideNote);
        Assert.Equal(Visibility.Agents, note.Entry.Visibility);
    }
}
