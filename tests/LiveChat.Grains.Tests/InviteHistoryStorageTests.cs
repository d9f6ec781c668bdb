namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

/// <summary>
/// An invite's history is kept as a <see cref="List{T}"/> (<see cref="InviteHistory"/>): the
/// serializer finds a list's codec at once, where a compiler-made read-only list sent it looking
/// for a codec on every write of the chat's state. Histories stored in either form read back alike.
/// </summary>
public sealed class InviteHistoryStorageTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private Serializer<Invite> InviteSerializer() =>
        Cluster.Cluster.GetSiloServiceProvider(Cluster.Cluster.Silos[0].SiloAddress).GetRequiredService<Serializer<Invite>>();

    [Fact]
    public async Task The_chat_stores_every_invite_history_as_a_list_after_each_step()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var invite = await Chat(chatId).Invite(alice, bob, JoinMode.Monitor);
        Assert.All(Stored(chatId), i => Assert.IsType<List<InviteHistoryEntry>>(i.History));

        await Chat(chatId).ChangeInviteMode(alice, invite.InviteId, JoinMode.Participant);
        await Chat(chatId).RespondToInvite(bob, invite.InviteId, InviteAnswer.Participate);

        var stored = Assert.Single(Stored(chatId));
        var history = Assert.IsType<List<InviteHistoryEntry>>(stored.History);
        Assert.Equal([InviteHistoryKind.Sent, InviteHistoryKind.ModeChanged, InviteHistoryKind.Accepted], history.Select(h => h.Kind));
    }

    [Fact]
    public void A_history_written_as_a_compiler_made_list_reads_back_like_one_written_as_a_list()
    {
        var now = DateTimeOffset.UnixEpoch;
        InviteHistoryEntry[] steps = [new(now, InviteHistoryKind.Sent, JoinMode.Monitor, "alice"), new(now.AddSeconds(1), InviteHistoryKind.Accepted, JoinMode.Monitor, "bob")];
        var asBefore = NewInvite([steps[0], steps[1]]);
        Assert.IsNotType<List<InviteHistoryEntry>>(asBefore.History);
        var asNow = NewInvite(InviteHistory.Then(NewInvite(InviteHistory.Start(steps[0])), steps[1]));

        var serializer = InviteSerializer();
        foreach (var written in new[] { asBefore, asNow })
        {
            var read = serializer.Deserialize(serializer.SerializeToArray(written))!;
            Assert.Equal(steps, read.History);
            Assert.Equal(written with { History = [] }, read with { History = [] });
        }
    }

    private List<Invite> Stored(string chatId) =>
        (Cluster.Writes.LastWritten<ChatState>("chat", chatId) ?? throw new InvalidOperationException("The chat stored nothing yet.")).Invites;

    private static Invite NewInvite(IReadOnlyList<InviteHistoryEntry> history) =>
        new("inv-1", "chat-1", "queue-1", "alice", "bob", JoinMode.Monitor, InviteStatus.Accepted,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(2), history, "Bob");
}
