namespace LiveChat.Grains.Tests;

/// <summary>
/// R14 without anyone reading the chat: invite expiry runs on an Orleans reminder (kept in the SQLite
/// file), so a chat that is deactivated, or a cluster that restarts, still expires the invite and
/// pushes it to the invitee and the inviter. The kit's reminders tick every second on the real clock;
/// expiry is judged on the fake product clock.
/// </summary>
[Collection(LiveChatCollection.Name)]
public sealed class TimedWorkTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task R14_an_invite_of_a_deactivated_chat_expires_and_is_pushed_without_anyone_reading_the_chat()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Participant);
        var invitee = await Client.RecordAgent(bob);
        var inviter = await Client.RecordAgent(alice);

        // The chat goes away with its timer; nothing calls it again.
        await Client.Deactivate(Chat(chatId));
        Cluster.Clock.Advance(TimeSpan.FromMinutes(6));

        var closed = await invitee.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteClosed && e.Invite?.InviteId == invite.InviteId);
        var told = await inviter.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.SentInviteExpired && e.Invite?.InviteId == invite.InviteId);
        Assert.Equal(InviteStatus.Expired, closed.Invite!.Status);
        Assert.Equal((InviteStatus.Expired, chatId), (told.Invite!.Status, told.ChatId));
    }

    [Fact]
    public async Task R14_after_a_restart_on_the_same_SQLite_file_the_reminder_wakes_the_chat_and_expires_its_invite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N"));
        string chatId, alice, bob, inviteId;
        var first = LiveChatCluster.On(folder);
        await first.InitializeAsync();
        try
        {
            var directory = new TestDirectory(first.Client);
            var queue = await directory.Queue();
            alice = await directory.Agent(queue);
            bob = await directory.Agent(queue);
            chatId = await directory.ActiveChat(queue, alice);
            inviteId = (await first.Client.Chat(chatId).Invite(alice, bob, JoinMode.Monitor)).InviteId;
        }
        finally
        {
            await first.DisposeAsync();
        }

        // A new cluster on the file; its clock starts where the first one's did, so the invite is
        // still pending until the test moves time past its expiry. Nobody calls the chat.
        var second = LiveChatCluster.On(folder);
        await second.InitializeAsync();
        try
        {
            var invitee = await second.Client.RecordAgent(bob);
            var inviter = await second.Client.RecordAgent(alice);
            second.Clock.Advance(TimeSpan.FromMinutes(6));

            await invitee.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.InviteClosed && e.Invite?.InviteId == inviteId);
            await inviter.WaitFor<AgentEvent>(e => e.Kind == AgentEventKind.SentInviteExpired && e.Invite?.InviteId == inviteId);
            var stored = await second.ReadStoredState<LiveChat.Grains.Chat.ChatState>("chat", second.Client.Chat(chatId).GetGrainId());
            Assert.Equal(InviteStatus.Expired, Assert.Single(stored.Invites).Status);
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }
    }
}
